package dev.servermonitor.api.audit;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.servermonitor.common.error.ApiException;

/**
 * The filters the audit list and exports share; built from query parameters, a bad one is a 400.
 */
public record AuditFilter(OffsetDateTime from, OffsetDateTime to, Long userId, String action, String targetType,
        String targetId) {

    public static AuditFilter parse(String from, String to, String userId, String action, String targetType,
            String targetId) {
        return new AuditFilter(time("from", from), time("to", to), number("userId", userId), text("action", action),
                text("targetType", targetType), text("targetId", targetId));
    }

    /** The filters that were set, for the export's own audit row. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (from != null) {
            m.put("from", from.toString());
        }
        if (to != null) {
            m.put("to", to.toString());
        }
        if (userId != null) {
            m.put("userId", userId);
        }
        if (action != null) {
            m.put("action", action);
        }
        if (targetType != null) {
            m.put("targetType", targetType);
        }
        if (targetId != null) {
            m.put("targetId", targetId);
        }
        return m;
    }

    /** {@code limit}: {@code dflt} when absent, 1..max otherwise. */
    public static int limit(String value, int dflt, int max) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the 400
        }
        throw invalid("limit must be a whole number from 1 to " + max);
    }

    private static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be an ISO 8601 timestamp with offset, e.g. 2026-11-22T10:00:00Z");
        }
    }

    private static Long number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(name + " must be a number");
        }
    }

    private static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 200) {
            throw invalid(name + " is at most 200 characters");
        }
        return value.strip();
    }

    static ApiException invalid(String message) {
        return new ApiException(400, "validation_failed", message);
    }
}
