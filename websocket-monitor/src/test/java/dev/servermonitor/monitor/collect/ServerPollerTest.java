package dev.servermonitor.monitor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshTarget;
import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.monitor.sample.Sample;

/**
 * One server's polls against a real in-process sshd whose exec runs the probe through /bin/sh on
 * this machine, so every poll reads a live, changing /proc.
 */
class ServerPollerTest {

    private static final String PASSWORD = "poller-ssh-password-1";
    private static final SshConnector SSH = new SshConnector();
    private static final ServerPoller.Timeouts TIMEOUTS = new ServerPoller.Timeouts(Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15));
    private static TestSshServer sshd;

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final ServerPoller.Listener listener = new ServerPoller.Listener() {

        @Override
        public void sample(Sample sample) {
            samples.add(sample);
        }

        @Override
        public void status(long serverId, String status, String error) {
            statuses.add(status + (error == null ? "" : " " + error));
        }
    };

    @BeforeAll
    static void start() {
        sshd = TestSshServer.start(PASSWORD, null);
    }

    @AfterAll
    static void stop() {
        SSH.stop();
        sshd.close();
    }

    private SshTarget good() {
        return new SshTarget("127.0.0.1", sshd.port(), "monitor", sshd.hostKeyFingerprint(), null, PASSWORD);
    }

    private ServerPoller poller(AtomicReference<SshTarget> target) {
        return new ServerPoller(42, () -> Uni.createFrom().item(target.get()), SSH, TIMEOUTS, listener, clock::get,
                ConnectLimiter.unlimited());
    }

    private static void poll(ServerPoller p) {
        p.poll().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void theFirstPollReportsGaugesAndOnlineAndTheNextAddsRatesOverTheSameSession() throws InterruptedException {
        ServerPoller p = poller(new AtomicReference<>(good()));
        try {
            poll(p);
            assertThat(statuses).containsExactly("online");
            assertThat(samples).singleElement().satisfies(s -> {
                assertThat(s.serverId()).isEqualTo(42);
                assertThat(s.cpu()).isNull();
                assertThat(s.memory().totalBytes()).isPositive();
                assertThat(s.disks()).extracting(Sample.Disk::mount).contains("/");
                assertThat(s.processes()).isPositive();
            });
            Thread.sleep(300);
            poll(p);
            assertThat(samples).hasSize(2);
            assertThat(samples.get(1).cpu()).isBetween(0.0, 100.0);
            assertThat(samples.get(1).network()).isNotNull();
            assertThat(statuses).containsExactly("online"); // no repeat
        } finally {
            p.close();
        }
    }

    @Test
    void aServerGoesOfflineAfterThreeFailedPollsInARowWithTheReason() {
        ServerPoller p = poller(new AtomicReference<>(
                new SshTarget("127.0.0.1", sshd.port(), "monitor", sshd.hostKeyFingerprint(), null, "wrong")));
        for (int i = 0; i < 2; i++) {
            poll(p);
            clock.addAndGet(Duration.ofMinutes(2).toNanos()); // past any backoff
        }
        assertThat(statuses).isEmpty();
        poll(p);
        assertThat(statuses).singleElement().asString().startsWith("offline auth_failed");
        assertThat(samples).isEmpty();
    }

    @Test
    void reconnectsBackOffExponentiallyAndTheServerComesBackOnline() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AtomicReference<SshTarget> target = new AtomicReference<>(
                new SshTarget("127.0.0.1", closedPort, "monitor", "SHA256:x", null, PASSWORD));
        ServerPoller p = poller(target);
        poll(p); // connect refused: next attempt in 1 s
        assertThat(p.lastError()).startsWith("unreachable");
        poll(p); // still within the backoff: not even tried
        assertThat(p.lastError()).startsWith("unreachable").endsWith(" (reconnecting in 1 s)");
        assertThat(statuses).isEmpty();
        poll(p);
        assertThat(statuses).singleElement().asString().startsWith("offline unreachable")
                .endsWith("(reconnecting in 1 s)");
        clock.addAndGet(Duration.ofMillis(1100).toNanos());
        poll(p); // tried and refused again: next in 2 s
        target.set(good());
        clock.addAndGet(Duration.ofMillis(1500).toNanos());
        poll(p); // within 2 s: not tried although the server is back
        assertThat(samples).isEmpty();
        assertThat(p.lastError()).endsWith("(reconnecting in 1 s)");
        clock.addAndGet(Duration.ofMillis(600).toNanos());
        poll(p);
        assertThat(samples).hasSize(1);
        assertThat(statuses).last().isEqualTo("online");
        p.close();
    }

    @Test
    void theBackoffNeverExceedsSixtySeconds() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ServerPoller p = poller(
                new AtomicReference<>(new SshTarget("127.0.0.1", closedPort, "monitor", "SHA256:x", null, PASSWORD)));
        for (int i = 0; i < 10; i++) { // 1, 2, 4, ... 64 → capped
            poll(p);
            clock.addAndGet(Duration.ofMinutes(5).toNanos());
        }
        poll(p); // a refused attempt right now, then the backoff is the cap
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        poll(p);
        assertThat(p.lastError()).endsWith("(reconnecting in 1 s)");
        clock.addAndGet(Duration.ofMillis(1100).toNanos());
        poll(p);
        assertThat(p.lastError()).startsWith("unreachable");
    }
}
