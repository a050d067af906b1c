package dev.servermonitor.gateway.terminal;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.JsonSocketClient;

/**
 * A terminal client over the JDK's own WebSocket: sends keystrokes, collects output bytes, control
 * messages and the close code. {@link #stall()} stops reading, as a frozen browser tab would.
 */
final class TerminalClient extends JsonSocketClient {

    /** The browser origin the test profile allows (TERMINAL_ALLOWED_ORIGINS). */
    static final String ORIGIN = "https://console.example.test";

    /** How the token travels. */
    enum TokenIn {
        SUBPROTOCOL,
        HEADER,
        QUERY,
        NONE
    }

    /**
     * One client for all sockets: its selector thread serves them all, as a browser's network stack
     * would.
     */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final AtomicBoolean stalled = new AtomicBoolean();

    static Builder to(URI gateway, long serverId) {
        return new Builder(gateway, "/ws/terminal/" + serverId);
    }

    static final class Builder {

        private final URI gateway;
        private final String path;
        private String token;
        private TokenIn tokenIn = TokenIn.SUBPROTOCOL;
        private String origin = ORIGIN;
        private String query = "";

        private Builder(URI gateway, String path) {
            this.gateway = gateway;
            this.path = path;
        }

        Builder token(String t, TokenIn in) {
            token = t;
            tokenIn = in;
            return this;
        }

        Builder origin(String o) {
            origin = o;
            return this;
        }

        Builder query(String q) {
            query = q;
            return this;
        }

        TerminalClient connect() {
            TerminalClient client = new TerminalClient();
            String q = query;
            if (tokenIn == TokenIn.QUERY) {
                q = (q.isEmpty() ? "" : q + "&") + "access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            }
            URI uri = URI.create("ws://127.0.0.1:" + gateway.getPort() + path + (q.isEmpty() ? "" : "?" + q));
            WebSocket.Builder b = HTTP.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5));
            if (origin != null) {
                b.header("Origin", origin);
            }
            if (tokenIn == TokenIn.SUBPROTOCOL) {
                // what a browser sends: new WebSocket(url, ["bearer-token-carrier", "bearer." + jwt])
                b.subprotocols("bearer-token-carrier", "bearer." + token);
            } else if (tokenIn == TokenIn.HEADER) {
                b.header("Authorization", "Bearer " + token);
            }
            client.socket = b.buildAsync(uri, client).orTimeout(10, TimeUnit.SECONDS).join();
            return client;
        }
    }

    @Override
    protected void requestMore(WebSocket webSocket) {
        if (!stalled.get()) {
            webSocket.request(1);
        }
    }

    /** Stops reading: frames pile up in the network, as with a frozen browser tab. */
    void stall() {
        stalled.set(true);
    }

    void resume() {
        stalled.set(false);
        socket.request(1);
    }

    void type(String keys) {
        send(keys.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    void control(String json) {
        sendText(json);
    }

    /** Waits until the output contains {@code expected}. */
    void awaitOutput(String expected, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(10)).until(() -> output().contains(expected));
    }

    /** The first control message of this type, waiting for it. */
    JsonObject awaitMessage(String type, Duration within) {
        return awaitMessage(type, x -> true, within);
    }

    /** Waits for the connected message; returns the session id. */
    String awaitConnected() {
        return awaitMessage("connected", Duration.ofSeconds(20)).getString("sessionId");
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

}
