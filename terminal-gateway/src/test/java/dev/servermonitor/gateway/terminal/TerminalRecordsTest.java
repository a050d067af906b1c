package dev.servermonitor.gateway.terminal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a session leaves behind and how others act on it, through the real central-api: the session
 * list, the recording, a stop request reaching the gateway, and a flood against a stalled browser.
 */
@QuarkusTest
class TerminalRecordsTest extends InProcessTerminalTest {

    /** The management interface, where /q/metrics lives. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    private long operator;

    @BeforeEach
    void operator() {
        operator = fx.user("operator");
    }

    @Test
    void anAdminStopsALiveSessionThroughCentralApiAndTheSocketClosesWithinTwoSeconds() {
        try (TerminalClient t = open(operator)) {
            String session = t.awaitConnected();
            long asked = System.nanoTime();
            HttpResponse<String> r = fx.api("POST", "/api/terminal/sessions/" + session + "/stop", fx.admin(), null);
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(t.awaitMessage("closed", Duration.ofSeconds(2)).getString("reason")).isEqualTo("stopped");
            assertThat(t.awaitClose(Duration.ofSeconds(2)).code()).isEqualTo(4002);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(2));
            await().atMost(WAIT).until(() -> "stopped".equals(fx.sessionRow(session).get("status")));
            assertThat(fx.audit("terminal.stop", session)).singleElement()
                    .satisfies(a -> assertThat(a.get("user_id")).isEqualTo(fx.admin()));
            await().atMost(WAIT).until(() -> fx.audit("terminal.close", session).size() == 1);
            assertThat(fx.api("POST", "/api/terminal/sessions/" + session + "/stop", fx.admin(), null).statusCode())
                    .isEqualTo(409);
        }
    }

    @Test
    void theOwnerMayStopTheirSessionButAnotherOperatorCannotSeeIt() {
        try (TerminalClient t = open(operator)) {
            String session = t.awaitConnected();
            long other = fx.user("operator");
            assertThat(fx.api("POST", "/api/terminal/sessions/" + session + "/stop", other, null).statusCode())
                    .isEqualTo(404);
            assertThat(fx.api("POST", "/api/terminal/sessions/" + session + "/stop", fx.user("viewer"), null)
                    .statusCode()).isEqualTo(403);
            assertThat(t.isClosed()).isFalse();
            assertThat(fx.api("POST", "/api/terminal/sessions/" + session + "/stop", operator, null).statusCode())
                    .isEqualTo(202);
            assertThat(t.awaitMessage("closed", Duration.ofSeconds(2)).getString("reason")).isEqualTo("stopped");
        }
    }

    @Test
    void adminsListEverySessionAndOperatorsOnlyTheirOwn() {
        long other = fx.user("operator");
        try (TerminalClient mine = open(operator); TerminalClient theirs = open(other)) {
            String a = mine.awaitConnected();
            String b = theirs.awaitConnected();
            assertThat(ids(fx.api("GET", "/api/terminal/sessions?serverId=" + server, fx.admin(), null)))
                    .contains(a, b);
            assertThat(ids(fx.api("GET", "/api/terminal/sessions?serverId=" + server, operator, null)))
                    .contains(a).doesNotContain(b);
            JsonObject one = new JsonObject(fx.api("GET", "/api/terminal/sessions/" + a, operator, null).body());
            assertThat(one.getString("status")).isEqualTo("active");
            assertThat(one.getLong("serverId")).isEqualTo(server);
            assertThat(fx.api("GET", "/api/terminal/sessions/" + b, operator, null).statusCode()).isEqualTo(404);
            assertThat(fx.api("GET", "/api/terminal/sessions?status=bogus", fx.admin(), null).statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void theRecordingReplaysTheOutputAsAsciicastWithoutTheKeystrokes() {
        String session;
        try (TerminalClient t = open(operator)) {
            session = t.awaitConnected();
            t.type("echo recorded-$((40+2))-out\n");
            t.awaitOutput("recorded-42-out", WAIT);
            t.control("{\"type\":\"resize\",\"cols\":100,\"rows\":30}");
            t.type("exit\n");
            t.awaitClose(WAIT);
        }
        await().atMost(WAIT).until(() -> !"active".equals(fx.sessionRow(session).get("status")));
        HttpResponse<String> r = fx.api("GET", "/api/terminal/sessions/" + session + "/recording", fx.user("auditor"),
                null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/x-asciicast"));
        List<String> lines = r.body().lines().toList();
        JsonObject header = new JsonObject(lines.get(0));
        assertThat(header.getInteger("version")).isEqualTo(2);
        assertThat(header.getInteger("width")).isEqualTo(80);
        assertThat(header.getInteger("height")).isEqualTo(24);
        List<JsonArray> events = lines.stream().skip(1).map(JsonArray::new).toList();
        assertThat(events).allSatisfy(e -> assertThat(e.getDouble(0)).isGreaterThanOrEqualTo(0.0));
        String output = events.stream().filter(e -> "o".equals(e.getString(1))).map(e -> e.getString(2))
                .collect(Collectors.joining());
        assertThat(output).contains("recorded-42-out");
        assertThat(events).noneMatch(e -> "i".equals(e.getString(1)));
        assertThat(events).anyMatch(e -> "r".equals(e.getString(1)) && "100x30".equals(e.getString(2)));
        assertThat(fx.api("GET", "/api/terminal/sessions/" + session + "/recording", operator, null).statusCode())
                .isEqualTo(403);
        assertThat(fx.api("GET", "/api/terminal/sessions/00000000-0000-0000-0000-000000000000/recording",
                fx.admin(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aStalledBrowserHoldsTheFloodBackWithinTheBufferAndOtherSessionsStayResponsive() {
        try (TerminalClient flood = open(operator)) {
            flood.awaitConnected();
            flood.stall();
            flood.type("head -c 60000000 /dev/zero | tr '\\0' 'y'; echo flood-done\n");
            // the gateway fills its buffer, then stops reading SSH: its count of output stops growing
            await().atMost(WAIT).until(() -> buffered() > 512 * 1024);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(new java.util.concurrent.Callable<>() {

                private double last = -1;

                @Override
                public Boolean call() {
                    double now = bytesOut();
                    boolean steady = now == last;
                    last = now;
                    return steady;
                }
            });
            // the limit (TERMINAL_OUTPUT_BUFFER_BYTES, 1 MiB) plus one read: a read of up to 64 KiB may be issued just under the limit
            assertThat(buffered()).isLessThanOrEqualTo(1024 * 1024 + 64 * 1024);
            try (TerminalClient other = open(operator)) {
                other.awaitConnected();
                long t0 = System.nanoTime();
                other.type("echo still-responsive\n");
                other.awaitOutput("still-responsive", Duration.ofSeconds(2));
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            }
            flood.resume();
            flood.awaitOutput("flood-done", Duration.ofSeconds(60));
            assertThat(flood.outputSize()).isGreaterThan(60_000_000);
        }
    }

    private double buffered() {
        return metric("servermonitor_terminal_output_buffered_bytes ");
    }

    private double bytesOut() {
        return metric("servermonitor_terminal_bytes_total{direction=\"out\"");
    }

    private double metric(String prefix) {
        String text = given().baseUri(management.getProtocol() + "://" + management.getHost() + ":"
                + management.getPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private static List<String> ids(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id"))
                .toList();
    }
}
