package dev.servermonitor.monitor;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.TokenContractTest;

@QuarkusTest
class WebsocketMonitorTokenTest extends TokenContractTest {
}
