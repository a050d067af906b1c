package dev.servermonitor.common.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.servermonitor.common.testing.TestSshServer;

/** The non-blocking connect and exec against a real in-process MINA sshd running /bin/sh. */
class AsyncSshTest {

    private static final String PASSWORD = "async-ssh-password-1";
    private static final Duration T = Duration.ofSeconds(5);
    private static TestSshServer sshd;
    private static final SshConnector CONNECTOR = new SshConnector();

    @BeforeAll
    static void start() {
        sshd = TestSshServer.start(PASSWORD, null);
    }

    @AfterAll
    static void stop() {
        CONNECTOR.stop();
        sshd.close();
    }

    private static SshTarget target(String fingerprint, String password) {
        return new SshTarget("127.0.0.1", sshd.port(), "monitor", fingerprint, null, password);
    }

    @Test
    void connectsAuthenticatesAndRunsACommandWithoutBlockingTheCaller() {
        ClientSession session = CONNECTOR
                .connectAsync(SshPurpose.MONITOR, target(sshd.hostKeyFingerprint(), PASSWORD), T, T, null).await()
                .atMost(Duration.ofSeconds(10));
        try {
            AsyncExec.Result r = AsyncExec.run(session, "printf 'one\\ntwo\\n'; exit 3", 1024, T).await()
                    .atMost(Duration.ofSeconds(10));
            assertThat(r.exitStatus()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("one\ntwo\n");
            assertThat(r.truncated()).isFalse();
            // the session stays usable for the next poll
            assertThat(AsyncExec.run(session, "echo again", 1024, T).await().atMost(Duration.ofSeconds(10)).stdout())
                    .isEqualTo("again\n");
        } finally {
            session.close(true);
        }
    }

    @Test
    void thirtyConnectionsInFlightAtOnceNeedNoThreadEach() {
        // the client and its I/O threads exist after a first connection
        CONNECTOR.connectAsync(SshPurpose.MONITOR, target(sshd.hostKeyFingerprint(), PASSWORD), T, T, null).await()
                .atMost(T).close(true);
        int threadsBefore = Thread.activeCount();
        List<io.smallrye.mutiny.Uni<ClientSession>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(CONNECTOR.connectAsync(SshPurpose.MONITOR, target(sshd.hostKeyFingerprint(), PASSWORD), T, T,
                    null));
        }
        List<ClientSession> sessions = io.smallrye.mutiny.Uni.join().all(all).andFailFast().await()
                .atMost(Duration.ofSeconds(20));
        assertThat(sessions).hasSize(30).allMatch(ClientSession::isAuthenticated);
        // the in-process server's side of 30 sessions included
        assertThat(Thread.activeCount() - threadsBefore).isLessThan(15);
        sessions.forEach(s -> s.close(true));
    }

    @Test
    void outputPastTheCapIsCountedNotKept() {
        ClientSession session = CONNECTOR
                .connectAsync(SshPurpose.MONITOR, target(sshd.hostKeyFingerprint(), PASSWORD), T, T, null).await()
                .atMost(Duration.ofSeconds(10));
        try {
            AsyncExec.Result r = AsyncExec.run(session, "head -c 100000 /dev/zero | tr '\\0' x", 1000, T).await()
                    .atMost(Duration.ofSeconds(10));
            assertThat(r.stdout()).hasSize(1000);
            assertThat(r.stdoutBytes()).isEqualTo(100_000);
            assertThat(r.truncated()).isTrue();
        } finally {
            session.close(true);
        }
    }

    @Test
    void aCommandRunningPastItsTimeoutFailsAsATimeout() {
        ClientSession session = CONNECTOR
                .connectAsync(SshPurpose.MONITOR, target(sshd.hostKeyFingerprint(), PASSWORD), T, T, null).await()
                .atMost(Duration.ofSeconds(10));
        try {
            SshFailure f = failure(AsyncExec.run(session, "sleep 5", 1024, Duration.ofMillis(300)));
            assertThat(f.code()).isEqualTo("timeout");
            assertThat(f).hasMessageContaining("did not finish within 300 ms");
        } finally {
            session.close(true);
        }
    }

    @Test
    void anotherHostKeyIsRefusedAsAMismatchNamingTheKeyPresented() {
        SshFailure f = failure(
                CONNECTOR.connectAsync(SshPurpose.MONITOR, target("SHA256:notTheKey", PASSWORD), T, T, null));
        assertThat(f.code()).isEqualTo("host_key_mismatch");
        assertThat(f.presented().fingerprint()).isEqualTo(sshd.hostKeyFingerprint());
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        assertThat(failure(
                CONNECTOR.connectAsync(SshPurpose.MONITOR, target(sshd.hostKeyFingerprint(), "wrong"), T, T, null))
                .code())
                .isEqualTo("auth_failed");
    }

    @Test
    void aClosedPortIsUnreachableAndASilentOneTimesOut() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SshTarget nobody = new SshTarget("127.0.0.1", closed, "monitor", "SHA256:x", null, PASSWORD);
        assertThat(failure(CONNECTOR.connectAsync(SshPurpose.MONITOR, nobody, T, T, null)).code())
                .isEqualTo("unreachable");
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(5000);
                } catch (IOException | InterruptedException done) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SshTarget mute = new SshTarget("127.0.0.1", silent.getLocalPort(), "monitor", "SHA256:x", null, PASSWORD);
            assertThat(
                    failure(CONNECTOR.connectAsync(SshPurpose.MONITOR, mute, Duration.ofMillis(300),
                            Duration.ofMillis(300), null)).code())
                    .isEqualTo("timeout");
        }
    }

    @Test
    void anUntrustedServerIsNotEvenContacted() {
        assertThat(failure(CONNECTOR.connectAsync(SshPurpose.MONITOR, target(null, PASSWORD), T, T, null)).code())
                .isEqualTo("host_key_untrusted");
    }

    /** The SshFailure a Uni fails with (await wraps checked exceptions). */
    private static SshFailure failure(io.smallrye.mutiny.Uni<?> uni) {
        Throwable t = assertThatThrownBy(() -> uni.await().atMost(Duration.ofSeconds(20))).actual();
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                ? t.getCause()
                : t;
        assertThat(cause).isInstanceOf(SshFailure.class);
        return (SshFailure) cause;
    }
}
