package dev.servermonitor.common.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.servermonitor.common.testing.TestSshServer;

/**
 * What the SSH dashboards read, against a real in-process sshd: each connection's phases by purpose
 * and outcome, and each failure by reason.
 */
class SshMetricsTest {

    private static final String PASSWORD = "ssh-metrics-password-1";
    private static final Duration T = Duration.ofSeconds(5);
    private static TestSshServer sshd;
    /** A registry and a client of each test's own, so that each test sees only its own connections. */
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SshConnector connector = new SshConnector(SshAddresses.defaults(), registry);

    @BeforeAll
    static void start() {
        sshd = TestSshServer.start(PASSWORD, null);
    }

    @AfterAll
    static void stop() {
        sshd.close();
    }

    @AfterEach
    void stopClient() {
        connector.stop();
    }

    @Test
    void aConnectionIsTimedInBothPhasesUnderItsPurpose() throws Exception {
        try (ClientSession s = connector.connect(SshPurpose.TASK, target(sshd.hostKeyFingerprint(), PASSWORD), T, T)) {
            assertThat(s.isAuthenticated()).isTrue();
        }
        connector.connectAsync(SshPurpose.MONITOR, target(sshd.hostKeyFingerprint(), PASSWORD), T, T, null).await()
                .atMost(T).close(true);
        for (String purpose : new String[]{"task", "monitor"}) {
            assertThat(timer(SshMetrics.CONNECT, purpose, "ok").count()).as(purpose).isEqualTo(1);
            assertThat(timer(SshMetrics.AUTH, purpose, "ok").count()).as(purpose).isEqualTo(1);
            assertThat(timer(SshMetrics.AUTH, purpose, "ok").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                    .isPositive();
        }
    }

    @Test
    void failuresAreCountedByReasonInThePhaseThatFailed() throws IOException {
        assertThatThrownBy(
                () -> connector.connect(SshPurpose.TERMINAL, target(sshd.hostKeyFingerprint(), "wrong"), T, T))
                .isInstanceOf(SshFailure.class);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SshTarget nobody = new SshTarget("127.0.0.1", closed, "monitor", "SHA256:x", null, PASSWORD);
        assertThatThrownBy(() -> connector.connect(SshPurpose.TERMINAL, nobody, T, T)).isInstanceOf(SshFailure.class);
        assertThatThrownBy(() -> connector.fetchHostKey("127.0.0.1", closed, T)).isInstanceOf(SshFailure.class);

        assertThat(failures("terminal", "auth_failed")).isEqualTo(1);
        assertThat(failures("terminal", "unreachable")).isEqualTo(1);
        assertThat(failures("host_key", "unreachable")).isEqualTo(1);
        // the wrong password got through the connect phase and failed in authentication
        assertThat(timer(SshMetrics.CONNECT, "terminal", "ok").count()).isEqualTo(1);
        assertThat(timer(SshMetrics.AUTH, "terminal", "failed").count()).isEqualTo(1);
        assertThat(timer(SshMetrics.CONNECT, "terminal", "failed").count()).isEqualTo(1);
    }

    @Test
    void aFetchedHostKeyIsNotAFailure() throws SshFailure {
        assertThat(connector.fetchHostKey("127.0.0.1", sshd.port(), T).fingerprint())
                .isEqualTo(sshd.hostKeyFingerprint());
        assertThat(timer(SshMetrics.CONNECT, "host_key", "ok").count()).isEqualTo(1);
        // its second phase is the key exchange alone
        assertThat(timer(SshMetrics.AUTH, "host_key", "ok").count()).isEqualTo(1);
        assertThat(registry.find(SshMetrics.FAILURES).counters()).isEmpty();
    }

    private static SshTarget target(String fingerprint, String password) {
        return new SshTarget("127.0.0.1", sshd.port(), "metrics", fingerprint, null, password);
    }

    private Timer timer(String name, String purpose, String outcome) {
        Timer t = registry.find(name).tag("purpose", purpose).tag("outcome", outcome).timer();
        assertThat(t).as(name + " " + purpose + " " + outcome).isNotNull();
        return t;
    }

    private double failures(String purpose, String reason) {
        Counter c = registry.find(SshMetrics.FAILURES).tag("purpose", purpose).tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }
}
