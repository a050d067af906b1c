package dev.servermonitor.gateway;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.TokenContractTest;

@QuarkusTest
class TerminalGatewayTokenTest extends TokenContractTest {
}
