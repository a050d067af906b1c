package dev.servermonitor.common.correlation;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The rule for request ids: keep a well-formed incoming one, otherwise mint a UUID. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static String resolve(String incoming) {
        return isWellFormed(incoming) ? incoming : mint();
    }

    /**
     * A random (version 4) UUID from the thread's own generator: an id names a request, it guards
     * nothing, and {@code UUID.randomUUID()} draws on the process-wide {@code SecureRandom} that every
     * event-loop thread would queue for on each request.
     */
    static String mint() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }

    public static boolean isWellFormed(String id) {
        return id != null && id.length() <= 128 && WELL_FORMED.matcher(id).matches();
    }
}
