package dev.servermonitor.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.JsonSocketClient.Close;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;
import dev.servermonitor.gateway.terminal.TerminalClient.TokenIn;

/**
 * The browser terminal end to end: a real central-api hands out the credentials, an in-process MINA
 * sshd runs /bin/sh, the client is the JDK's WebSocket.
 */
@QuarkusTest
class TerminalTest extends InProcessTerminalTest {

    private long operator;

    @BeforeEach
    void operator() {
        operator = fx.user("operator");
    }

    @Test
    void typedCommandsRunInTheRemoteShellAndTheirOutputComesBack() {
        try (TerminalClient t = open(operator)) {
            assertThat(t.subprotocol()).isEqualTo("bearer-token-carrier");
            String session = t.awaitConnected();
            t.type("echo round-$((6*7))-trip\n");
            t.awaitOutput("round-42-trip", WAIT);
            Map<String, String> row = fx.sessionRow(session);
            assertThat(row.get("status")).isEqualTo("active");
            assertThat(row.get("user_id")).isEqualTo(Long.toString(operator));
            assertThat(row.get("server_id")).isEqualTo(Long.toString(server));
            assertThat(row.get("client_ip")).isEqualTo("127.0.0.1");
            assertThat(fx.audit("terminal.open", session)).hasSize(1);
        }
    }

    @Test
    void enterSentAsACarriageReturnRunsTheLineAndNewlinesComeBackAsCrLf() {
        try (TerminalClient t = open(operator)) {
            t.awaitConnected();
            t.type("echo enter-$((40+2))\r"); // xterm.js sends Enter as CR, like any terminal
            t.awaitOutput("enter-42\r\n", WAIT);
        }
    }

    @Test
    void aNonBrowserClientMaySendTheTokenInTheAuthorizationHeaderWithoutOrigin() {
        try (TerminalClient t = TerminalClient.to(gateway, server).token(fx.token(operator), TokenIn.HEADER)
                .origin(null).connect()) {
            t.awaitConnected();
            t.type("echo header-ok\n");
            t.awaitOutput("header-ok", WAIT);
        }
    }

    @Test
    void aBrowserMaySendTheTokenAsAQueryParameter() {
        try (TerminalClient t = TerminalClient.to(gateway, server).token(fx.token(operator), TokenIn.QUERY).connect()) {
            t.awaitConnected();
        }
    }

    @Test
    void aMultiByteCharacterSplitAcrossSshPacketsArrivesIntact() {
        try (TerminalClient t = open(operator)) {
            t.awaitConnected();
            // U+1F600 is F0 9F 98 80: half now, half 300 ms later, so they leave the shell in two writes
            t.type("printf 'A\\360\\237'; sleep 0.3; printf '\\230\\200Z\\n'\n");
            byte[] expected = "A\uD83D\uDE00Z".getBytes(StandardCharsets.UTF_8);
            await().atMost(WAIT).until(() -> indexOf(t.outputBytes(), expected) >= 0);
        }
    }

    @Test
    void theShellExitingClosesTheSocketNormallyAndRecordsIt() {
        try (TerminalClient t = open(operator)) {
            String session = t.awaitConnected();
            t.type("echo bye-now\n");
            t.awaitOutput("bye-now", WAIT);
            t.type("exit\n");
            assertThat(t.awaitMessage("closed", WAIT).getString("reason")).isEqualTo("remote_exit");
            assertThat(t.awaitClose(WAIT).code()).isEqualTo(1000);
            await().atMost(WAIT).until(() -> "remote_exit".equals(fx.sessionRow(session).get("status")));
            Map<String, String> row = fx.sessionRow(session);
            assertThat(Long.parseLong(row.get("bytes_in"))).isEqualTo("echo bye-now\nexit\n".length());
            assertThat(Long.parseLong(row.get("bytes_out"))).isGreaterThan(0);
            assertThat(row.get("ended_at")).isNotNull();
            List<Map<String, Object>> close = fx.audit("terminal.close", session);
            assertThat(close).hasSize(1);
            assertThat(close.get(0).get("meta").toString()).contains("\"reason\": \"remote_exit\"")
                    .contains("\"bytesIn\": 18");
        }
    }

    @Test
    void theBrowserClosingEndsTheSessionAndTheSsh() {
        TerminalClient t = open(operator);
        String session = t.awaitConnected();
        t.close();
        await().atMost(WAIT).until(() -> "closed".equals(fx.sessionRow(session).get("status")));
        assertThat(fx.sessionRow(session).get("close_reason")).isEqualTo("client_closed");
    }

    @Test
    void aBrowserLeavingWhileItsTerminalOpensLeavesNoActiveSessionBehind() {
        long u = fx.user("operator");
        for (int i = 0; i < 5; i++) {
            open(u).close(); // gone before SSH is up, at whatever step the open has reached
        }
        await().atMost(WAIT).until(() -> DbRows
                .query(db, "select 1 from terminal_sessions where user_id = ? and status = 'active'", u).isEmpty());
        try (TerminalClient t = open(u)) {
            t.awaitConnected(); // and the per-user limit was not used up by the ones that left
        }
    }

    @Test
    void aResizeIsAcceptedAndBadControlMessagesGetAnErrorWithoutADisconnect() {
        try (TerminalClient t = open(operator)) {
            t.awaitConnected();
            t.control("{\"type\":\"resize\",\"cols\":120,\"rows\":40}");
            t.control("not json");
            t.control("{\"type\":\"resize\",\"cols\":0,\"rows\":40}");
            t.control("{\"type\":\"launch-missiles\"}");
            await().atMost(WAIT)
                    .until(() -> t.messages().stream().filter(m -> "error".equals(m.getString("type"))).count() == 3);
            assertThat(t.messages()).filteredOn(m -> "error".equals(m.getString("type")))
                    .extracting(m -> m.getString("code")).containsOnly("bad_message");
            t.type("echo still-here\n");
            t.awaitOutput("still-here", WAIT);
            assertThat(t.isClosed()).isFalse();
        }
    }

    @Test
    void aPingIsAnsweredWithAPong() {
        try (TerminalClient t = open(operator)) {
            t.awaitConnected();
            t.control("{\"type\":\"ping\"}");
            t.awaitMessage("pong", WAIT);
        }
    }

    @Test
    void refusesATerminalSizeOutOfRangeBeforeAnyOtherWork() {
        assertRefused(TerminalClient.to(gateway, server).token(fx.token(operator), TokenIn.SUBPROTOCOL)
                .query("cols=0&rows=24").connect(), "bad_request");
        assertRefused(TerminalClient.to(gateway, server).token(fx.token(operator), TokenIn.SUBPROTOCOL)
                .query("cols=80&rows=1001").connect(), "bad_request");
    }

    @Test
    void aFrameOver64KiBClosesTheSocketWith1009() {
        try (TerminalClient t = open(operator)) {
            t.awaitConnected();
            t.send(new byte[65 * 1024]);
            assertThat(t.awaitClose(WAIT).code()).isEqualTo(1009);
        }
    }

    @Test
    void aTextMessageOver64KiBClosesTheSocketWith1009Too() {
        try (TerminalClient t = open(operator)) {
            t.awaitConnected();
            // once answered bad_message with the socket left open: every oversized message now closes it
            t.sendText("{\"type\":\"resize\",\"pad\":\"" + "x".repeat(65 * 1024) + "\"}");
            assertThat(t.awaitClose(WAIT).code()).isEqualTo(1009);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} bytes, text={1}")
    @org.junit.jupiter.params.provider.CsvSource({"1572864,false", "1572864,true", "3145728,false", "3145728,true"})
    void aMessageOverTheTransportLimitStillClosesWith1009AndAReason(int size, boolean text) {
        // once dropped the TCP connection without a close frame (the transport's 1 MiB frame limit)
        try (TerminalClient t = open(operator)) {
            t.awaitConnected();
            if (text) {
                t.sendText("x".repeat(size));
            } else {
                t.send(new byte[size]);
            }
            Close close = t.awaitClose(WAIT);
            assertThat(close.code()).isEqualTo(1009);
            assertThat(close.reason()).isNotBlank();
        }
    }

    // ---- refusals: each closes with 1008 and an error message naming the reason, before any SSH ----

    @Test
    void refusesAConnectionWithoutAToken() {
        assertRefused(TerminalClient.to(gateway, server).token(null, TokenIn.NONE).connect(), "invalid_token");
    }

    @Test
    void refusesAnExpiredToken() {
        String expired = TestTokens.sign(TestTokens.claims(operator, "x", "operator")
                .issuedAt(Instant.now().minusSeconds(3600)).expiresAt(Instant.now().minusSeconds(300)));
        assertRefused(TerminalClient.to(gateway, server).token(expired, TokenIn.SUBPROTOCOL).connect(),
                "invalid_token");
    }

    @Test
    void refusesATokenSignedWithAnotherSecret() {
        String forged = TestTokens.sign(TestTokens.claims(operator, "x", "admin"),
                "another-secret-of-32-characters-xx");
        assertRefused(TerminalClient.to(gateway, server).token(forged, TokenIn.SUBPROTOCOL).connect(), "invalid_token");
    }

    @Test
    void refusesAViewer() {
        assertRefused(open(fx.user("viewer")), "forbidden");
    }

    @Test
    void refusesAnAuditor() {
        assertRefused(open(fx.user("auditor")), "forbidden");
    }

    @Test
    void refusesADisabledUser() {
        long u = fx.user("operator");
        String token = fx.token(u);
        TestUsers.disable(db, u);
        assertRefused(TerminalClient.to(gateway, server).token(token, TokenIn.SUBPROTOCOL).connect(), "invalid_token");
    }

    @Test
    void refusesAnOriginThatIsNotAllowed() {
        assertRefused(TerminalClient.to(gateway, server).token(fx.token(operator), TokenIn.SUBPROTOCOL)
                .origin("https://evil.example").connect(), "bad_origin");
    }

    @Test
    void refusesAQueryTokenFromAClientWithoutOrigin() {
        assertRefused(
                TerminalClient.to(gateway, server).token(fx.token(operator), TokenIn.QUERY).origin(null).connect(),
                "bad_origin");
    }

    @Test
    void refusesAnUnknownServer() {
        assertRefused(TerminalClient.to(gateway, 987_654_321L).token(fx.token(operator), TokenIn.SUBPROTOCOL).connect(),
                "unknown_server");
    }

    @Test
    void refusesAServerWhoseHostKeyIsNotTrustedYet() {
        long untrusted = fx.server(sshd.port(), "u" + System.nanoTime() % 100000, "{\"password\":\"x\"}");
        assertRefused(TerminalClient.to(gateway, untrusted).token(fx.token(operator), TokenIn.SUBPROTOCOL).connect(),
                "host_key_untrusted");
    }

    @Test
    void refusesAServerPresentingAnotherHostKeyAndAuditsIt() {
        DbRows.execute(db,
                "update servers set host_key_fingerprint = 'SHA256:someOtherKeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'"
                        + " where id = ?",
                server);
        TerminalClient t = open(operator);
        JsonObject error = assertRefused(t, "host_key_mismatch");
        assertThat(error.getString("message")).contains(sshd.hostKeyFingerprint());
        List<Map<String, Object>> audits = DbRows.query(db,
                "select * from audit_logs where action = 'terminal.host_key_mismatch' and meta->>'serverId' = ?",
                Long.toString(server));
        assertThat(audits).hasSize(1);
        assertThat(audits.get(0).get("meta").toString()).contains(sshd.hostKeyFingerprint());
        assertThat(DbRows.query(db, "select status, close_reason from terminal_sessions where server_id = ?", server))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("status")).isEqualTo("error");
                    assertThat(r.get("close_reason")).isEqualTo("host_key_mismatch");
                });
    }

    private static JsonObject assertRefused(TerminalClient t, String code) {
        try (t) {
            JsonObject error = t.awaitMessage("error", WAIT);
            assertThat(error.getString("code")).isEqualTo(code);
            assertThat(error.getString("message")).isNotBlank();
            Close close = t.awaitClose(WAIT);
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reason()).isEqualTo(code);
            assertThat(t.messages()).noneMatch(m -> "connected".equals(m.getString("type")));
            return error;
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
