package dev.servermonitor.api.task;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.ws.rs.QueryParam;

import dev.servermonitor.api.QueryParams;
import dev.servermonitor.common.error.ApiException;

/**
 * {@code GET /api/tasks} filters. {@code userId} narrows an admin's view; everyone else only ever
 * sees their own tasks.
 */
public record TaskFilter(Long serverId, TaskStatus status, OffsetDateTime from, OffsetDateTime to, Long userId) {

    /** The query parameters as received; {@link #filter()} validates them. */
    public record Query(@QueryParam("serverId") String serverId, @QueryParam("status") String status,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("userId") String userId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {

        TaskFilter filter() {
            return new TaskFilter(QueryParams.number("serverId", serverId), parseStatus(status),
                    QueryParams.time("from", from), QueryParams.time("to", to), QueryParams.number("userId", userId));
        }
    }

    TaskFilter onlyFor(long user) {
        return new TaskFilter(serverId, status, from, to, user);
    }

    private static TaskStatus parseStatus(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return TaskStatus.of(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status must be one of " + Arrays.stream(TaskStatus.values())
                    .map(TaskStatus::value).collect(Collectors.joining(", ")) + ", not "
                    + value.strip().toLowerCase(Locale.ROOT));
        }
    }
}
