package dev.servermonitor.common.error;

/** 429 with a {@code Retry-After} header: the caller may try again after that many seconds. */
public class RateLimitedException extends ApiException {

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds, String message) {
        super(429, "too_many_requests", message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
