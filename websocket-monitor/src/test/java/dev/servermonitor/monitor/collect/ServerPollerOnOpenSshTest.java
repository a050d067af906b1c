package dev.servermonitor.monitor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshKeys;
import dev.servermonitor.common.ssh.SshTarget;
import dev.servermonitor.common.testing.OpenSshServer;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.monitor.sample.Sample;

/**
 * The monitor's polls against Debian's OpenSSH that stops answering (its processes SIGSTOPped, the
 * TCP connection left open, as a hung host does): the keepalive gives the session up after three
 * missed replies, so a poll fails in a few seconds with a reason instead of waiting out its whole
 * timeout, and once the host answers again the next poll reconnects.
 */
class ServerPollerOnOpenSshTest {

    private static final SshConnector SSH = new SshConnector();
    private static final Duration KEEPALIVE = Duration.ofSeconds(1);
    /** Far longer than the keepalive needs: what decides must be the keepalive, not this. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);
    private static TestKeys.Generated key;
    private static OpenSshServer sshd;

    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        key = TestKeys.generate("ed25519", false, "");
        sshd = OpenSshServer.start(key.publicKey());
    }

    @AfterAll
    static void stop() {
        sshd.close();
        SSH.stop();
    }

    @Test
    void aFrozenHostFailsThePollWithinSecondsAndIsPolledAgainOnceItAnswers() throws Exception {
        SshTarget target = new SshTarget("127.0.0.1", sshd.port(), OpenSshServer.user(), sshd.hostKeyFingerprint(),
                SshKeys.parse(key.privateKey(), "").keyPair(), null);
        ServerPoller p = new ServerPoller(7, () -> Uni.createFrom().item(target), SSH,
                new ServerPoller.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), POLL_TIMEOUT, KEEPALIVE),
                new ServerPoller.Listener() {

                    @Override
                    public void sample(Sample sample) {
                        samples.add(sample);
                    }

                    @Override
                    public void status(long serverId, String status, String error) {
                        statuses.add(status + (error == null ? "" : ": " + error));
                    }
                }, System::nanoTime, ConnectLimiter.unlimited());
        try {
            p.poll().await().atMost(Duration.ofSeconds(30));
            assertThat(statuses).containsExactly("online");
            assertThat(samples).hasSize(1);

            sshd.freeze(true);
            long frozenAt = System.nanoTime();
            try {
                p.poll().await().atMost(POLL_TIMEOUT.plusSeconds(10));
                long tookMs = (System.nanoTime() - frozenAt) / 1_000_000;
                assertThat(tookMs).as("the poll of a frozen host ends on the keepalive")
                        .isLessThan(KEEPALIVE.multipliedBy(SshConnector.KEEPALIVE_MAX_MISSED + 4).toMillis());
                assertThat(samples).hasSize(1);
                assertThat(p.lastError()).isNotBlank();
            } finally {
                sshd.freeze(false);
            }
            // reconnects (after the first back-off) and reads the host again
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        p.poll().await().atMost(Duration.ofSeconds(20));
                        return samples.size() == 2;
                    });
            assertThat(p.lastError()).isNull();
        } finally {
            p.close();
        }
    }
}
