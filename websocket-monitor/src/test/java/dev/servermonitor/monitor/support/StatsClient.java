package dev.servermonitor.monitor.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import io.vertx.core.json.JsonObject;

/**
 * A live stats client over the JDK's own WebSocket: collects the JSON messages and the close frame.
 */
public final class StatsClient implements WebSocket.Listener, AutoCloseable {

    /** The browser origin the test profile allows (MONITOR_ALLOWED_ORIGINS). */
    public static final String ORIGIN = "https://console.example.test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The close frame the server sent. */
    public record Close(int code, String reason) {
    }

    private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private volatile WebSocket socket;

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

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(new JsonObject(text.toString()));
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
    }

    public void send(String json) {
        socket.sendText(json, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    public List<JsonObject> messages() {
        return messages;
    }

    /** Messages of one type, in arrival order. */
    public List<JsonObject> ofType(String type) {
        return messages.stream().filter(m -> type.equals(m.getString("type"))).toList();
    }

    /** Waits for a message matching {@code test}; returns it. */
    public JsonObject await(String type, Predicate<JsonObject> test, Duration within) {
        Predicate<JsonObject> match = m -> type.equals(m.getString("type")) && test.test(m);
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> messages.stream().anyMatch(match));
        return messages.stream().filter(match).findFirst().orElseThrow();
    }

    public Close awaitClose(Duration within) {
        return closed.orTimeout(within.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public Optional<Close> closeFrame() {
        return Optional.ofNullable(closed.getNow(null));
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
