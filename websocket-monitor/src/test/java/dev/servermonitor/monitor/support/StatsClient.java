package dev.servermonitor.monitor.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.JsonSocketClient;

/**
 * A live stats client on {@code /ws/monitor}: every message the monitor sends, and its close frame.
 */
public final class StatsClient extends JsonSocketClient {

    /** The browser origin the test profile allows (MONITOR_ALLOWED_ORIGINS). */
    public static final String ORIGIN = "https://console.example.test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * Opens {@code /ws/monitor} as a browser would: token in the subprotocol list, an allowed Origin.
     */
    public static StatsClient open(URI monitor, String token) {
        return open(monitor, token, ORIGIN, true);
    }

    /**
     * @param inSubprotocol
     *            the token in the subprotocol list, else in the query string
     */
    public static StatsClient open(URI monitor, String token, String origin, boolean inSubprotocol) {
        StatsClient client = new StatsClient();
        String query = token != null && !inSubprotocol
                ? "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                : "";
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (token != null && inSubprotocol) {
            b.subprotocols("bearer-token-carrier", "bearer." + token);
        } else {
            b.subprotocols("bearer-token-carrier");
        }
        client.socket = b.buildAsync(URI.create("ws://127.0.0.1:" + monitor.getPort() + "/ws/monitor" + query),
                client).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    public void send(String json) {
        sendText(json);
    }

    /** Waits for a message of {@code type} matching {@code test}; returns it. */
    public JsonObject await(String type, Predicate<JsonObject> test, Duration within) {
        return awaitMessage(type, test, within);
    }
}
