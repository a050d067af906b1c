package dev.servermonitor.gateway.session;

import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.socket.ClientText;

/**
 * A browser's text frame read: {@code resize} (with a valid size) or {@code ping}; anything else is
 * a {@link Bad} message with words for the {@code error} reply.
 */
sealed interface ControlMessage {

    record Resize(int cols, int rows) implements ControlMessage {
    }

    record Ping() implements ControlMessage {
    }

    record Bad(String message) implements ControlMessage {
    }

    static ControlMessage read(String text) {
        JsonObject msg;
        try {
            msg = new JsonObject(text);
        } catch (RuntimeException e) {
            return new Bad("control messages are JSON objects, e.g. {\"type\":\"resize\",\"cols\":120,\"rows\":40}");
        }
        String type = msg.getValue("type") instanceof String t ? t : null;
        if ("resize".equals(type)) {
            Integer cols = whole(msg.getValue("cols"));
            Integer rows = whole(msg.getValue("rows"));
            if (!Handshake.validSize(cols) || !Handshake.validSize(rows)) {
                return new Bad("resize needs whole numbers cols and rows from 1 to " + Handshake.MAX_SIZE);
            }
            return new Resize(cols, rows);
        }
        if ("ping".equals(type)) {
            return new Ping();
        }
        return new Bad(type == null
                ? "a control message needs a string \"type\""
                : "unknown control message type " + ClientText.abbreviate(type) + "; known: resize, ping");
    }

    private static Integer whole(Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        return null;
    }
}
