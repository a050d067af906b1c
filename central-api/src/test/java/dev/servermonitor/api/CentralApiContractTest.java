package dev.servermonitor.api;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.ServiceContractTest;

@QuarkusTest
class CentralApiContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "central_api";
    }
}
