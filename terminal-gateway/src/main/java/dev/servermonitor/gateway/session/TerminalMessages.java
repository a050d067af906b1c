package dev.servermonitor.gateway.session;

import java.util.UUID;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.socket.SocketRefusal;

/** The JSON of every text message {@code /ws/terminal} sends (docs/api.md), and the refusal. */
final class TerminalMessages {

    static final String PONG = "{\"type\":\"pong\"}";

    private TerminalMessages() {
    }

    static String connected(UUID sessionId, int cols, int rows) {
        return new JsonObject().put("type", "connected").put("sessionId", sessionId.toString()).put("cols", cols)
                .put("rows", rows).encode();
    }

    static String closed(String reason) {
        return new JsonObject().put("type", "closed").put("reason", reason).encode();
    }

    static String error(String code, String message) {
        return new JsonObject().put("type", "error").put("code", code).put("message", message).encode();
    }

    /** An {@code error} message with the refusal's code and words, then the close with its code. */
    static Uni<Void> refuse(WebSocketConnection ws, SocketRefusal r) {
        if (!ws.isOpen()) {
            return Uni.createFrom().voidItem();
        }
        return ws.sendText(error(r.code(), r.getMessage())).onFailure().recoverWithNull()
                .chain(() -> ws.close(new CloseReason(r.closeCode(), r.code()))).onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
