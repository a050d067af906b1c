package dev.servermonitor.api.audit;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.servermonitor.api.QueryParams;

/**
 * The filters the audit list and exports share; built from query parameters, a bad one is a 400.
 */
public record AuditFilter(OffsetDateTime from, OffsetDateTime to, Long userId, String username, String action,
        String targetType, String targetId) {

    /** {@code username}: the name the row was written with, in any letter case. */
    public static AuditFilter parse(String from, String to, String userId, String username, String action,
            String targetType, String targetId) {
        return new AuditFilter(QueryParams.time("from", from), QueryParams.time("to", to),
                QueryParams.number("userId", userId), QueryParams.text("username", username),
                QueryParams.text("action", action), QueryParams.text("targetType", targetType),
                QueryParams.text("targetId", targetId));
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
        if (username != null) {
            m.put("username", username);
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
        return QueryParams.limit(value, dflt, max);
    }

}
