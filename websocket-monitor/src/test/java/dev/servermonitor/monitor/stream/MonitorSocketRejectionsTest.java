package dev.servermonitor.monitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.ApiFixtures;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.JsonSocketClient;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;
import dev.servermonitor.monitor.support.MonitorCentralApi;
import dev.servermonitor.monitor.support.StatsClient;

/**
 * Every way {@code /ws/monitor} refuses or corrects a client: a reason first, then the close code.
 */
@QuarkusTest
@QuarkusTestResource(MonitorCentralApi.class)
class MonitorSocketRejectionsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI monitor;

    @Inject
    DataSource db;

    ApiFixtures fx;

    @BeforeEach
    void fixtures() {
        fx = new ApiFixtures(db);
    }

    private static void refused(StatsClient c, String code) {
        JsonSocketClient.Close close = c.awaitClose(WAIT);
        assertThat(close.code()).isEqualTo(1008);
        assertThat(close.reason()).isEqualTo(code);
        assertThat(c.ofType("error")).singleElement().satisfies(e -> assertThat(e.getString("code")).isEqualTo(code));
        assertThat(c.ofType("snapshot")).isEmpty();
    }

    @Test
    void noTokenIsRefusedWithInvalidToken() {
        refused(StatsClient.open(monitor, null), "invalid_token");
    }

    @Test
    void aTamperedTokenIsRefused() {
        long viewer = fx.user("viewer");
        refused(StatsClient.open(monitor, fx.token(viewer) + "x"), "invalid_token");
    }

    @Test
    void aForeignOriginIsRefusedWithBadOrigin() {
        refused(StatsClient.open(monitor, fx.token(fx.user("viewer")), "https://evil.example", true), "bad_origin");
    }

    @Test
    void aQueryTokenWithoutAnOriginIsRefusedButWithOneIsAccepted() {
        String token = fx.token(fx.user("viewer"));
        refused(StatsClient.open(monitor, token, null, false), "bad_origin");
        try (StatsClient c = StatsClient.open(monitor, token, StatsClient.ORIGIN, false)) {
            c.await("snapshot", m -> true, WAIT);
        }
    }

    @Test
    void anAuditorMayNotWatchLiveStats() {
        refused(StatsClient.open(monitor, fx.token(fx.user("auditor"))), "forbidden");
    }

    @Test
    void aDisabledUserIsRefusedAndAnOpenSocketClosesAtTheNextRecheck() {
        long viewer = fx.user("viewer");
        String token = fx.token(viewer);
        try (StatsClient open = StatsClient.open(monitor, token)) {
            open.await("snapshot", m -> true, WAIT);
            DbRows.execute(db, "update users set enabled = false where id = ?", viewer);
            JsonSocketClient.Close close = open.awaitClose(WAIT); // MONITOR_ACCESS_RECHECK_INTERVAL is 2 s here
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reason()).isEqualTo("invalid_token");
            assertThat(open.ofType("error")).singleElement()
                    .satisfies(e -> assertThat(e.getString("message")).startsWith("access revoked"));
        }
        refused(StatsClient.open(monitor, token), "invalid_token");
    }

    @Test
    void pastTheLimitPerUserTheNextSocketIsRefused() {
        String token = fx.token(fx.user("viewer"));
        List<StatsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) { // MONITOR_MAX_SOCKETS_PER_USER in the test profile
                StatsClient c = StatsClient.open(monitor, token);
                c.await("snapshot", m -> true, WAIT);
                open.add(c);
            }
            refused(StatsClient.open(monitor, token), "too_many_sockets");
            open.remove(0).close();
            // a closed socket frees its place
            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                try (StatsClient again = StatsClient.open(monitor, token)) {
                    again.await("snapshot", m -> true, Duration.ofSeconds(2));
                }
            });
        } finally {
            open.forEach(StatsClient::close);
        }
    }

    @Test
    void malformedMessagesGetAnErrorAndTheSocketStaysOpen() {
        try (StatsClient c = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
            c.await("snapshot", m -> true, WAIT);
            for (String bad : List.of("not json", "[1,2]", "{\"type\":\"dance\"}", "{\"no\":\"type\"}",
                    "{\"type\":\"subscribe\",\"serverIds\":\"all\"}",
                    "{\"type\":\"subscribe\",\"serverIds\":[1,-2]}",
                    "{\"type\":\"subscribe\",\"serverIds\":[1.5]}",
                    "{\"type\":\"subscribe\",\"serverIds\":[1.0]}",
                    "{\"type\":\"subscribe\",\"serverIds\":[1e3]}",
                    "{\"type\":\"subscribe\",\"serverIds\":[\"1\"]}",
                    "{\"type\":\"subscribe\",\"serverIds\":[true]}")) {
                c.send(bad);
            }
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> c.ofType("error").size() == 11);
            assertThat(c.ofType("error")).allSatisfy(e -> assertThat(e.getString("code")).isEqualTo("bad_message"));
            c.send("{\"type\":\"ping\"}");
            c.await("pong", m -> true, WAIT);
            c.send("{\"type\":\"subscribe\",\"serverIds\":null}");
            JsonObject all = c.await("subscribed", m -> true, WAIT);
            assertThat(all.getValue("serverIds")).isNull();
            assertThat(c.closeFrame()).isEmpty();
        }
    }

    @Test
    void aMessageOver64KiBClosesWith1009() {
        try (StatsClient c = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
            c.await("snapshot", m -> true, WAIT);
            c.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            JsonSocketClient.Close close = c.awaitClose(WAIT);
            assertThat(close.code()).isEqualTo(1009);
            assertThat(c.ofType("error")).singleElement()
                    .satisfies(e -> assertThat(e.getString("code")).isEqualTo("message_too_large"));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} bytes, text={1}")
    @org.junit.jupiter.params.provider.CsvSource({"1572864,false", "1572864,true", "3145728,false", "3145728,true"})
    void aMessageOverTheTransportLimitStillClosesWith1009AndAReason(int size, boolean text) {
        // once dropped the TCP connection without a close frame (the transport's 1 MiB limits)
        try (StatsClient c = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
            c.await("snapshot", m -> true, WAIT);
            if (text) {
                c.send("x".repeat(size));
            } else {
                c.sendBinary(new byte[size]);
            }
            JsonSocketClient.Close close = c.awaitClose(WAIT);
            assertThat(close.code()).isEqualTo(1009);
            assertThat(close.reason()).isEqualTo("message_too_large");
        }
    }

    @Test
    void anExpiredOrUnsignedTokenIsRefused() {
        long viewer = fx.user("viewer");
        String name = TestUsers.username(db, viewer);
        refused(StatsClient.open(monitor,
                TestTokens.sign(TestTokens.claims(viewer, name, "viewer").expiresAt(Instant.now().minusSeconds(600)))),
                "invalid_token");
        refused(StatsClient.open(monitor, TestTokens.unsigned(fx.token(viewer))), "invalid_token");
    }
}
