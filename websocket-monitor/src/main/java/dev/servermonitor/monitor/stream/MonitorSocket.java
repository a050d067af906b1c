package dev.servermonitor.monitor.stream;

import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.PermitAll;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

import dev.servermonitor.common.socket.SocketAccess;
import dev.servermonitor.common.socket.SocketRefusal;

/**
 * {@code /ws/monitor}: a snapshot, then stats, status and alert messages for the servers the client
 * watches (docs/api.md). {@code @PermitAll} because the upgrade itself is not refused: access is
 * judged right after it, so a refusal reaches the browser as an {@code error} message and close
 * code 1008 with the reason.
 */
@WebSocket(path = "/ws/monitor")
@PermitAll
public class MonitorSocket {

    private final Hub hub;
    private final SocketAccess access;
    private final Messages messages;

    public MonitorSocket(Hub hub, SocketAccess access, Messages messages) {
        this.hub = hub;
        this.access = access;
        this.messages = messages;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        hub.open(connection);
        return access.check(connection.handshakeRequest()::header, connection.handshakeRequest().query())
                .invoke(grant -> hub.admit(connection, grant))
                .onFailure(SocketRefusal.class)
                .invoke(e -> refuse(connection, (SocketRefusal) e)).onFailure(e -> !(e instanceof SocketRefusal))
                .invoke(e -> hub.refuse(connection, "internal_error",
                        "access could not be checked; try again shortly", SocketRefusal.INTERNAL))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    @OnTextMessage
    @NonBlocking
    public void control(WebSocketConnection connection, String text) {
        if (text.length() > StreamCodes.MAX_CLIENT_MESSAGE / 4
                && text.getBytes(StandardCharsets.UTF_8).length > StreamCodes.MAX_CLIENT_MESSAGE) {
            hub.refuse(connection, "message_too_large",
                    "messages are at most " + StreamCodes.MAX_CLIENT_MESSAGE + " bytes", StreamCodes.TOO_BIG);
            return;
        }
        Controls c = Controls.read(messages.mapper(), text);
        if (c instanceof Controls.Subscribe s) {
            hub.subscribe(connection, s.serverIds());
        } else if (c instanceof Controls.Bad b) {
            hub.reply(connection, messages.error("bad_message", b.message()));
        } else {
            hub.reply(connection, Messages.PONG);
        }
    }

    @OnBinaryMessage
    @NonBlocking
    public void binary(WebSocketConnection connection, Buffer data) {
        if (data.length() > StreamCodes.MAX_CLIENT_MESSAGE) {
            hub.refuse(connection, "message_too_large",
                    "messages are at most " + StreamCodes.MAX_CLIENT_MESSAGE + " bytes", StreamCodes.TOO_BIG);
            return;
        }
        hub.reply(connection, messages.error("bad_message", "this socket takes JSON text messages only"));
    }

    @OnClose
    @NonBlocking
    public void closed(WebSocketConnection connection) {
        hub.closed(connection);
    }

    private void refuse(WebSocketConnection connection, SocketRefusal r) {
        hub.refuse(connection, r.code(), r.getMessage(), r.closeCode());
    }
}
