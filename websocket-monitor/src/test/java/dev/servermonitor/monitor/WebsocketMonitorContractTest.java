package dev.servermonitor.monitor;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.ServiceContractTest;

@QuarkusTest
class WebsocketMonitorContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "websocket_monitor";
    }
}
