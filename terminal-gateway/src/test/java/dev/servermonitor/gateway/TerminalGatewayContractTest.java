package dev.servermonitor.gateway;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.ServiceContractTest;

@QuarkusTest
class TerminalGatewayContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "terminal_gateway";
    }
}
