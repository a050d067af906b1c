package dev.servermonitor.monitor.alert;

import java.util.Locale;
import java.util.Set;

import dev.servermonitor.common.error.ApiException;

/** {@code GET /api/alerts}' query, checked: a bad value is a 400 naming it. */
public record AlertFilter(String status, Long serverId, String severity, String metric, int limit, Long before) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    static AlertFilter of(String status, Long serverId, String severity, String metric, Integer limit, Long before) {
        return new AlertFilter(oneOf("status", status, Set.of("open", "resolved")), positive("serverId", serverId),
                oneOf("severity", severity, Set.of("warning", "critical")), metric(metric), limit(limit),
                positive("before", before));
    }

    private static String oneOf(String name, String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw ApiException.invalid(name + " must be one of " + String.join(", ",
                    allowed.stream().sorted().toList()));
        }
        return v;
    }

    private static Long positive(String name, Long value) {
        if (value != null && value < 1) {
            throw ApiException.invalid(name + " must be a positive id");
        }
        return value;
    }

    private static String metric(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 300) {
            throw ApiException.invalid("metric is at most 300 characters");
        }
        return value.strip();
    }

    private static int limit(Integer value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw ApiException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        return value;
    }
}
