package dev.servermonitor.api.terminal;

import java.time.OffsetDateTime;
import java.util.Set;

import jakarta.ws.rs.QueryParam;

import dev.servermonitor.api.QueryParams;
import dev.servermonitor.common.error.ApiException;

/**
 * {@code GET /api/terminal/sessions} filters. {@code userId} narrows an admin's view; operators
 * only ever see their own sessions.
 */
public record TerminalSessionFilter(Long userId, Long serverId, String status, OffsetDateTime from,
        OffsetDateTime to) {

    static final Set<String> STATUSES = Set.of("active", "closed", "remote_exit", "idle_timeout", "stopped",
            "interrupted", "error");

    /** The query parameters as received; {@link #filter()} validates them. */
    public record Query(@QueryParam("userId") String userId, @QueryParam("serverId") String serverId,
            @QueryParam("status") String status, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {

        TerminalSessionFilter filter() {
            String s = QueryParams.text("status", status);
            if (s != null && !STATUSES.contains(s)) {
                throw ApiException
                        .invalid("status must be one of " + String.join(", ", new java.util.TreeSet<>(STATUSES)));
            }
            return new TerminalSessionFilter(QueryParams.number("userId", userId),
                    QueryParams.number("serverId", serverId),
                    s, QueryParams.time("from", from), QueryParams.time("to", to));
        }
    }

    TerminalSessionFilter onlyFor(long user) {
        return new TerminalSessionFilter(user, serverId, status, from, to);
    }
}
