package dev.servermonitor.api;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.TokenContractTest;

@QuarkusTest
class CentralApiTokenTest extends TokenContractTest {
}
