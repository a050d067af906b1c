package dev.servermonitor.common.ssh;

import dev.servermonitor.common.error.ApiException;

/**
 * The body of central-api's {@code POST /internal/ssh-credentials} (its answer is
 * {@link SshCredentials}). {@code purpose} is {@code terminal} (then {@code userToken}, the user's
 * access token, is required) or {@code stats}; {@code service} names the caller for the audit log.
 * Holds the user's token: {@link #toString()} leaves it out.
 */
public record SshCredentialsRequest(Long serverId, String purpose, String userToken, String service) {

    public static final String TERMINAL = "terminal";
    public static final String STATS = "stats";

    /** For a terminal: central-api checks the user's own token again. */
    public static SshCredentialsRequest forTerminal(long serverId, String userToken, String service) {
        return new SshCredentialsRequest(serverId, TERMINAL, userToken, service);
    }

    /** For stats collection, on no user's behalf. */
    public static SshCredentialsRequest forStats(long serverId, String service) {
        return new SshCredentialsRequest(serverId, STATS, null, service);
    }

    /** Throws a 400 naming the first field that breaks the contract. */
    public void validate() {
        if (serverId == null) {
            throw ApiException.invalid("serverId is required");
        }
        if (!TERMINAL.equals(purpose) && !STATS.equals(purpose)) {
            throw ApiException.invalid("purpose must be terminal or stats");
        }
        if (TERMINAL.equals(purpose) && (userToken == null || userToken.isBlank())) {
            throw ApiException.invalid("userToken is required for purpose terminal");
        }
    }

    /** The caller's name as the audit log keeps it: at most 64 characters, "unknown" when missing. */
    public String serviceOrUnknown() {
        return service == null || service.isBlank() ? "unknown" : service.substring(0, Math.min(64, service.length()));
    }

    @Override
    public String toString() {
        return purpose + " credentials of server " + serverId + " for " + serviceOrUnknown();
    }
}
