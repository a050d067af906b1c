package dev.servermonitor.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.error.WholeNumberParam;

/** Query parameters read as the lists and exports need them; a malformed one is a 400 naming it. */
public final class QueryParams {

    private QueryParams() {
    }

    /** {@code limit}: {@code dflt} when absent, 1..max otherwise. */
    public static int limit(String value, int dflt, int max) {
        return WholeNumberParam.of("limit", value, dflt, max);
    }

    public static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name + " must be an ISO 8601 timestamp with offset, e.g. 2026-11-22T10:00:00Z");
        }
    }

    public static Long number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name + " must be a number");
        }
    }

    public static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 200) {
            throw ApiException.invalid(name + " is at most 200 characters");
        }
        return value.strip();
    }

}
