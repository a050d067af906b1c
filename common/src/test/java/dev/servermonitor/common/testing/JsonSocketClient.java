package dev.servermonitor.common.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
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
 * A WebSocket client over the JDK's own, for the services' socket tests: collects the server's JSON
 * text messages, the bytes of its binary frames and its close frame. Subclasses add how they
 * connect and what their protocol sends.
 */
public abstract class JsonSocketClient implements WebSocket.Listener, AutoCloseable {

    /** The close frame the server sent; code -1 when the connection failed instead. */
    public record Close(int code, String reason) {
    }

    protected final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    protected final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    protected volatile WebSocket socket;

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
        requestMore(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        synchronized (binary) {
            binary.write(bytes, 0, bytes.length);
        }
        requestMore(webSocket);
        return null;
    }

    /** Every byte of the binary frames received so far (a terminal's output). */
    public byte[] outputBytes() {
        synchronized (binary) {
            return binary.toByteArray();
        }
    }

    public String output() {
        return new String(outputBytes(), StandardCharsets.UTF_8);
    }

    public int outputSize() {
        synchronized (binary) {
            return binary.size();
        }
    }

    /** Asks for the next frame; a subclass may hold back to act like a stalled client. */
    protected void requestMore(WebSocket webSocket) {
        webSocket.request(1);
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

    /** Sends one JSON text message and waits until it is written. */
    public void sendText(String json) {
        socket.sendText(json, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    public List<JsonObject> messages() {
        return List.copyOf(messages);
    }

    /** Messages of one type, in arrival order. */
    public List<JsonObject> ofType(String type) {
        return messages.stream().filter(m -> type.equals(m.getString("type"))).toList();
    }

    /** The first message of {@code type} matching {@code test}, waiting for it. */
    public JsonObject awaitMessage(String type, Predicate<JsonObject> test, Duration within) {
        Predicate<JsonObject> match = m -> type.equals(m.getString("type")) && test.test(m);
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(10))
                .alias("a '" + type + "' message; got " + messages
                        + (closed.isDone() ? ", closed " + closed.join() : ""))
                .until(() -> messages.stream().anyMatch(match));
        return messages.stream().filter(match).findFirst().orElseThrow();
    }

    public Close awaitClose(Duration within) {
        return closed.orTimeout(within.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public Optional<Close> closeFrame() {
        return Optional.ofNullable(closed.getNow(null));
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone() && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                    .join();
        }
    }
}
