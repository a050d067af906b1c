package dev.servermonitor.common.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.servermonitor.common.testing.OpenSshServer;
import dev.servermonitor.common.testing.TestKeys;

/**
 * A server that stops answering (OpenSSH's processes stopped, its TCP connections left open) is
 * noticed by the keepalive: after {@link SshConnector#KEEPALIVE_MAX_MISSED} unanswered keepalives
 * the session closes, instead of staying open as if the server were idle.
 */
class DeadPeerTest {

    private static final Duration T = Duration.ofSeconds(10);
    private static final Duration KEEPALIVE = Duration.ofSeconds(1);
    private static final SshConnector CONNECTOR = new SshConnector();

    private static TestKeys.Generated key;
    private static OpenSshServer sshd;

    @BeforeAll
    static void start() {
        key = TestKeys.generate("ed25519", false, "");
        sshd = OpenSshServer.start(key.publicKey());
    }

    @AfterAll
    static void stop() {
        sshd.close();
        CONNECTOR.stop();
    }

    private static SshTarget target() throws Exception {
        return new SshTarget("127.0.0.1", sshd.port(), OpenSshServer.user(), sshd.hostKeyFingerprint(),
                SshKeys.parse(key.privateKey(), "").keyPair(), null);
    }

    @Test
    void aLiveButIdleServerKeepsItsSession() throws Exception {
        try (ClientSession session = CONNECTOR.connect(SshPurpose.TERMINAL, target(), T, T, KEEPALIVE)) {
            // OpenSSH answers each keepalive (with a refusal, which counts): well past three intervals, still open
            Thread.sleep(KEEPALIVE.multipliedBy(SshConnector.KEEPALIVE_MAX_MISSED + 3).toMillis());
            assertThat(session.isOpen()).isTrue();
        }
    }

    @Test
    void aFrozenServerIsGivenUpAfterThreeMissedKeepalivesSyncAndAsync() throws Exception {
        ClientSession blocking = CONNECTOR.connect(SshPurpose.TERMINAL, target(), T, T, KEEPALIVE);
        ClientSession async = CONNECTOR.connectAsync(SshPurpose.MONITOR, target(), T, T, KEEPALIVE).await().atMost(T);
        long frozenAt = System.nanoTime();
        sshd.freeze(true);
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> !blocking.isOpen() && !async.isOpen());
            long tookMs = (System.nanoTime() - frozenAt) / 1_000_000;
            // (missed + 1) intervals at most, plus MINA's scheduling slack
            assertThat(tookMs).isLessThan(KEEPALIVE.multipliedBy(SshConnector.KEEPALIVE_MAX_MISSED + 3).toMillis());
        } finally {
            sshd.freeze(false);
            blocking.close(true);
            async.close(true);
        }
    }
}
