package dev.servermonitor.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.servermonitor.common.testing.UnreachableDatabaseContractTest;
import dev.servermonitor.common.testing.UnreachableDatabaseProfile;

@QuarkusTest
@TestProfile(UnreachableDatabaseProfile.class)
class TerminalGatewayWithoutDatabaseTest extends UnreachableDatabaseContractTest {
}
