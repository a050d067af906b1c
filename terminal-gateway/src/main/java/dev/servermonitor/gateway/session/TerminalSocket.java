package dev.servermonitor.gateway.session;

import jakarta.annotation.security.PermitAll;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * {@code /ws/terminal/{serverId}}: binary frames are terminal bytes both ways, text frames JSON
 * control messages (docs/api.md). {@code @PermitAll} because the upgrade itself is not refused: the
 * access checks run in {@link TerminalOpener#open} so that a refusal reaches the browser as an
 * {@code error} message and close code 1008 with the reason, which a failed upgrade cannot carry.
 */
@WebSocket(path = "/ws/terminal/{serverId}")
@PermitAll
public class TerminalSocket {

    private final TerminalOpener opener;
    private final TerminalSessions sessions;

    public TerminalSocket(TerminalOpener opener, TerminalSessions sessions) {
        this.opener = opener;
        this.sessions = sessions;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        return opener.open(connection);
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
