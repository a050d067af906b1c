package dev.servermonitor.api.internal;

import dev.servermonitor.common.error.ApiException;

/**
 * {@code POST /internal/ssh-credentials}. {@code purpose} is {@code terminal} (then
 * {@code userToken}, the user's access token, is required) or {@code stats}; {@code service} names
 * the caller for the audit log.
 */
public record CredentialsRequest(Long serverId, String purpose, String userToken, String service) {

    static final String TERMINAL = "terminal";
    static final String STATS = "stats";

    void validate() {
        if (serverId == null) {
            throw invalid("serverId is required");
        }
        if (!TERMINAL.equals(purpose) && !STATS.equals(purpose)) {
            throw invalid("purpose must be terminal or stats");
        }
        if (TERMINAL.equals(purpose) && (userToken == null || userToken.isBlank())) {
            throw invalid("userToken is required for purpose terminal");
        }
    }

    String serviceOrUnknown() {
        return service == null || service.isBlank() ? "unknown" : service.substring(0, Math.min(64, service.length()));
    }

    private static ApiException invalid(String message) {
        return new ApiException(400, "validation_failed", message);
    }
}
