package dev.servermonitor.gateway;

import jakarta.annotation.security.PermitAll;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

import dev.servermonitor.gateway.session.TerminalSessions;

/**
 * {@code /ws/terminal/{serverId}}: binary frames are terminal bytes both ways, text frames JSON
 * control messages (docs/api.md). {@code @PermitAll} because the upgrade itself is not refused: the
 * access checks run in {@link TerminalSessions#open} so that a refusal reaches the browser as an
 * {@code error} message and close code 1008 with the reason, which a failed upgrade cannot carry.
 */
@WebSocket(path = "/ws/terminal/{serverId}")
@PermitAll
public class TerminalSocket {

    private final TerminalSessions sessions;

    public TerminalSocket(TerminalSessions sessions) {
        this.sessions = sessions;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        return sessions.open(connection);
    }

    @OnBinaryMessage
    public Uni<Void> input(WebSocketConnection connection, Buffer data) {
        return sessions.input(connection, data.getBytes());
    }

    @OnTextMessage
    public Uni<Void> control(WebSocketConnection connection, String message) {
        return sessions.control(connection, message);
    }

    @OnClose
    public Uni<Void> closed(WebSocketConnection connection) {
        return sessions.clientClosed(connection);
    }
}
