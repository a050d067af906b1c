package dev.servermonitor.gateway.terminal;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.OpenSshServer;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.gateway.terminal.TerminalClient.TokenIn;

/**
 * Against Debian's OpenSSH sshd, where the PTY is a real kernel tty: its size follows the browser,
 * the tty echoes, Ctrl-C interrupts, and the credential is an Ed25519 key from the vault.
 */
@QuarkusTest
class TerminalOnOpenSshTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestKeys.Generated key;
    private static OpenSshServer sshd;
    private static long server;

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    DataSource db;

    private TerminalFixtures fx;

    @BeforeAll
    static void startSshd() {
        key = TestKeys.generate("ed25519", false, "");
        sshd = OpenSshServer.start(key.publicKey());
    }

    @AfterAll
    static void stopSshd() {
        sshd.close();
    }

    @BeforeEach
    void fixtures() {
        fx = new TerminalFixtures(db);
        if (server == 0) {
            HttpResponse<String> uploaded = fx.api("POST", "/api/ssh-keys", fx.admin(), new JsonObject()
                    .put("name", "terminal-openssh-" + UUID.randomUUID()).put("privateKey", key.privateKey()).encode());
            long keyId = new JsonObject(uploaded.body()).getLong("id");
            server = fx.server(sshd.port(), OpenSshServer.user(), "{\"sshKeyId\":" + keyId + "}");
            fx.trust(server, sshd.hostKeyFingerprint());
        }
    }

    private TerminalClient open(String query) {
        return TerminalClient.to(gateway, server).token(fx.token(fx.admin()), TokenIn.SUBPROTOCOL).query(query)
                .connect();
    }

    @Test
    void theTtyHasTheRequestedSizeAndFollowsAResize() {
        try (TerminalClient t = open("cols=100&rows=30")) {
            t.awaitConnected();
            t.type("echo S$(stty size)E $TERM\n");
            t.awaitOutput("S30 100E xterm-256color", WAIT);
            t.control("{\"type\":\"resize\",\"cols\":120,\"rows\":40}");
            t.type("echo R$(stty size)E\n");
            t.awaitOutput("R40 120E", WAIT);
        }
    }

    @Test
    void ctrlCInterruptsTheForegroundCommand() {
        try (TerminalClient t = open("")) {
            t.awaitConnected();
            t.type("sleep 30 && echo NOT-$((2+3))\n");
            await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
            t.send(new byte[]{3});
            t.type("echo after-$((1+1))-interrupt\n");
            t.awaitOutput("after-2-interrupt", Duration.ofSeconds(5));
            org.assertj.core.api.Assertions.assertThat(t.output()).doesNotContain("NOT-5");
        }
    }

    @Test
    void aFourByteCharacterWrittenInTwoHalvesArrivesWhole() {
        try (TerminalClient t = open("")) {
            t.awaitConnected();
            t.type("printf 'A\\360\\237'; sleep 0.3; printf '\\230\\200Z\\n'\n");
            byte[] expected = "A\uD83D\uDE00Z".getBytes(StandardCharsets.UTF_8);
            await().atMost(WAIT).until(() -> TerminalTest.indexOf(t.outputBytes(), expected) >= 0);
        }
    }

    @Test
    void aServerThatStopsAnsweringEndsTheTerminalWithSshDisconnected() {
        try (TerminalClient t = open("")) {
            String session = t.awaitConnected();
            long frozenAt = System.nanoTime();
            sshd.freeze(true);
            try {
                // keepalive 1 s in tests: three unanswered and the terminal ends, saying why, instead of staying
                // "active" for as long as the server is silent
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> "error".equals(fx.sessionRow(session).get("status")));
                org.assertj.core.api.Assertions.assertThat(fx.sessionRow(session).get("close_reason"))
                        .isEqualTo("ssh_disconnected");
                org.assertj.core.api.Assertions.assertThat(Duration.ofNanos(System.nanoTime() - frozenAt))
                        .isLessThan(Duration.ofSeconds(15));
            } finally {
                sshd.freeze(false);
            }
        }
    }
}
