package dev.servermonitor.monitor.stream;

import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.servermonitor.common.socket.ClientText;

/**
 * A client's text message read: {@code subscribe} (with the server ids, null = all) or
 * {@code ping}; anything else is a {@link Bad} message with words for the {@code error} reply.
 */
sealed interface Controls {

    int MAX_SERVER_IDS = 10_000;

    record Subscribe(Set<Long> serverIds) implements Controls {
    }

    record Ping() implements Controls {
    }

    record Bad(String message) implements Controls {
    }

    static Controls read(ObjectMapper json, String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            return new Bad("messages are JSON objects with a \"type\"");
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            return new Bad("messages are JSON objects with a \"type\"");
        }
        return switch (node.get("type").asText()) {
            case "ping" -> new Ping();
            case "subscribe" -> subscribe(node.get("serverIds"));
            default -> new Bad("unknown message type; send subscribe or ping");
        };
    }

    private static Controls subscribe(JsonNode ids) {
        if (ids == null || ids.isNull()) {
            return new Subscribe(null);
        }
        if (!ids.isArray()) {
            return new Bad("serverIds is an array of server ids, or null for all");
        }
        if (ids.size() > MAX_SERVER_IDS) {
            return new Bad("at most " + MAX_SERVER_IDS + " server ids per subscription");
        }
        Set<Long> set = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            // an integer as JSON writes it: 1.0, 1e3 and "1" are refused, not read as 1 and 1000
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 1) {
                return new Bad("serverIds holds positive whole numbers, not " + ClientText.abbreviate(id.toString()));
            }
            set.add(id.asLong());
        }
        return new Subscribe(set);
    }
}
