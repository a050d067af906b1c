package dev.servermonitor.api.audit;

import jakarta.ws.rs.QueryParam;

/** The audit filters as query parameters, shared by the list and both exports. */
public record AuditQuery(@QueryParam("from") String from, @QueryParam("to") String to,
        @QueryParam("userId") String userId, @QueryParam("username") String username,
        @QueryParam("action") String action,
        @QueryParam("targetType") String targetType, @QueryParam("targetId") String targetId,
        @QueryParam("limit") String limit) {

    AuditFilter filter() {
        return AuditFilter.parse(from, to, userId, username, action, targetType, targetId);
    }
}
