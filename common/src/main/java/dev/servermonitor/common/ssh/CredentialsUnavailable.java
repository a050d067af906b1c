package dev.servermonitor.common.ssh;

import jakarta.ws.rs.WebApplicationException;

/**
 * central-api did not hand out a server's credentials, and why, read once from its answer; each
 * caller words it for its own users. The message is the general one (the HTTP status, or that
 * central-api could not be reached).
 */
public final class CredentialsUnavailable extends RuntimeException {

    public enum Reason {
        /** 404: central-api does not know the server. */
        UNKNOWN_SERVER,
        /** 409: the server's host key has not been trusted yet. */
        HOST_KEY_UNTRUSTED,
        /** 401: the service's {@code INTERNAL_API_TOKEN} was refused. */
        SERVICE_REFUSED,
        /** 403: the user (or the purpose) may not have them. */
        FORBIDDEN,
        /** Any other status. */
        OTHER,
        /** No answer: central-api down, unreachable, or too slow. */
        UNREACHABLE
    }

    private final Reason reason;

    private CredentialsUnavailable(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    /** What a failed call to {@code /internal/ssh-credentials} means. */
    static CredentialsUnavailable of(Throwable e) {
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            Reason reason = switch (status) {
                case 401 -> Reason.SERVICE_REFUSED;
                case 403 -> Reason.FORBIDDEN;
                case 404 -> Reason.UNKNOWN_SERVER;
                case 409 -> Reason.HOST_KEY_UNTRUSTED;
                default -> Reason.OTHER;
            };
            return new CredentialsUnavailable(reason,
                    "central-api did not hand out the server's credentials (HTTP " + status + ")", e);
        }
        return new CredentialsUnavailable(Reason.UNREACHABLE,
                "central-api could not be reached for the server's credentials", e);
    }

    public Reason reason() {
        return reason;
    }
}
