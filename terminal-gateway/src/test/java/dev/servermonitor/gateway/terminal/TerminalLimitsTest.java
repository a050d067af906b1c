package dev.servermonitor.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.common.testing.TestUsers;
import dev.servermonitor.gateway.terminal.TerminalClient.TokenIn;

/**
 * Idle and age limits, session caps, and access re-checked while a terminal is open, at test-sized
 * values.
 */
@QuarkusTest
@TestProfile(TerminalLimitsTest.ShortLimits.class)
class TerminalLimitsTest extends InProcessTerminalTest {

    /** Limits small enough to reach in a test. */
    public static class ShortLimits implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.terminal.idle-timeout-seconds", "2", "gateway.terminal.max-session-seconds", "5",
                    "gateway.terminal.max-sessions-per-user", "2", "gateway.terminal.max-sessions", "3",
                    "gateway.terminal.access-recheck-interval", "1s");
        }
    }

    @Test
    void aSessionWithNeitherInputNorOutputClosesAtTheIdleTimeout() {
        try (TerminalClient t = open(fx.user("operator"))) {
            String session = t.awaitConnected();
            long opened = System.nanoTime();
            assertThat(t.awaitMessage("closed", WAIT).getString("reason")).isEqualTo("idle_timeout");
            assertThat(t.awaitClose(WAIT).code()).isEqualTo(4000);
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).isBetween(Duration.ofMillis(1500),
                    Duration.ofMillis(4500));
            await().atMost(WAIT).until(() -> "idle_timeout".equals(fx.sessionRow(session).get("status")));
        }
    }

    /** Waiting for SSH (here a server that takes 1.5 s to accept the password) is not idleness. */
    @Test
    void theIdleClockStartsWhenTheShellIsAttachedNotWhileSshConnects() {
        try (TestSshServer slow = TestSshServer.start(TerminalFixtures.SSH_PASSWORD, null, Duration.ofMillis(1500))) {
            long slowServer = fx.trustedServer(slow.port(), slow.hostKeyFingerprint());
            try (TerminalClient t = TerminalClient.to(gateway, slowServer).token(fx.token(fx.user("operator")),
                    TokenIn.SUBPROTOCOL).connect()) {
                t.awaitConnected();
                long connected = System.nanoTime();
                assertThat(t.awaitMessage("closed", WAIT).getString("reason")).isEqualTo("idle_timeout");
                assertThat(Duration.ofNanos(System.nanoTime() - connected)).isGreaterThan(Duration.ofMillis(1500));
            }
        }
    }

    @Test
    void typingKeepsASessionAliveUntilItsMaximumAge() throws InterruptedException {
        try (TerminalClient t = open(fx.user("operator"))) {
            String session = t.awaitConnected();
            long opened = System.nanoTime();
            while (!t.isClosed() && Duration.ofNanos(System.nanoTime() - opened).toSeconds() < 8
                    && t.messages().stream().noneMatch(m -> "closed".equals(m.getString("type")))) {
                t.type("\n");
                Thread.sleep(500);
            }
            assertThat(t.awaitMessage("closed", WAIT).getString("reason")).isEqualTo("max_duration");
            assertThat(t.awaitClose(WAIT).code()).isEqualTo(4001);
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).isBetween(Duration.ofMillis(4500),
                    Duration.ofMillis(7000));
            await().atMost(WAIT).until(() -> "max_duration".equals(fx.sessionRow(session).get("close_reason")));
        }
    }

    @Test
    void aUserCannotOpenMoreThanTheirLimitAndTheGatewayNotMoreThanItsOwn() {
        long alice = fx.user("operator");
        long bob = fx.user("admin");
        try (TerminalClient a1 = open(alice); TerminalClient a2 = open(alice)) {
            a1.awaitConnected();
            a2.awaitConnected();
            try (TerminalClient a3 = open(alice)) {
                assertThat(a3.awaitMessage("error", WAIT).getString("code")).isEqualTo("session_limit");
                assertThat(a3.awaitClose(WAIT).code()).isEqualTo(1008);
            }
            // typing keeps alice's two inside the 2 s idle timeout, so they still fill the gateway below
            a1.type("\n");
            a2.type("\n");
            try (TerminalClient b1 = open(bob)) {
                b1.awaitConnected();
                try (TerminalClient b2 = open(bob)) {
                    assertThat(b2.awaitMessage("error", WAIT).getString("message")).contains("this gateway");
                    assertThat(b2.awaitClose(WAIT).code()).isEqualTo(1008);
                }
            }
        }
    }

    @Test
    void disablingAUserClosesTheirOpenTerminalWithinTheRecheckInterval() {
        long u = fx.user("operator");
        try (TerminalClient t = open(u)) {
            String session = t.awaitConnected();
            t.type("echo alive\n");
            t.awaitOutput("alive", WAIT);
            TestUsers.disable(db, u);
            long disabled = System.nanoTime();
            assertThat(t.awaitMessage("closed", WAIT).getString("reason")).isEqualTo("access_revoked");
            assertThat(t.awaitClose(WAIT).code()).isEqualTo(1008);
            assertThat(Duration.ofNanos(System.nanoTime() - disabled)).isLessThan(Duration.ofMillis(2500));
            await().atMost(WAIT).until(() -> "access_revoked".equals(fx.sessionRow(session).get("close_reason")));
        }
    }

    @Test
    void signingOutClosesTheTerminalsOpenedWithThatLoginSession() {
        String name = "signout" + System.nanoTime() % 1_000_000;
        String password = "a-long-enough-password-1";
        assertThat(fx.api("POST", "/api/users", fx.admin(), new JsonObject().put("username", name)
                .put("email", name + "@example.test").put("password", password).put("role", "operator").encode())
                .statusCode()).isEqualTo(201);
        JsonObject login = new JsonObject(TerminalFixtures.central().request("POST", "/api/auth/login", null,
                new JsonObject().put("username", name).put("password", password).encode()).body());
        try (TerminalClient t = TerminalClient.to(gateway, server)
                .token(login.getString("accessToken"), TokenIn.SUBPROTOCOL).connect()) {
            t.awaitConnected();
            TerminalFixtures.central().request("POST", "/api/auth/logout", null,
                    new JsonObject().put("refreshToken", login.getString("refreshToken")).encode());
            long out = System.nanoTime();
            assertThat(t.awaitMessage("closed", WAIT).getString("reason")).isEqualTo("access_revoked");
            assertThat(Duration.ofNanos(System.nanoTime() - out)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void demotingAUserToViewerClosesTheirOpenTerminal() {
        long u = fx.user("operator");
        try (TerminalClient t = open(u)) {
            t.awaitConnected();
            TestUsers.setRole(db, u, "viewer");
            assertThat(t.awaitMessage("closed", WAIT).getString("reason")).isEqualTo("access_revoked");
        }
    }
}
