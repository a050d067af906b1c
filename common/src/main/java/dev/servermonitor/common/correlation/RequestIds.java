package dev.servermonitor.common.correlation;

import java.util.UUID;
import java.util.regex.Pattern;

/** The rule for request ids: keep a well-formed incoming one, otherwise mint a UUID. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static String resolve(String incoming) {
        return isWellFormed(incoming) ? incoming : UUID.randomUUID().toString();
    }

    public static boolean isWellFormed(String id) {
        return id != null && id.length() <= 128 && WELL_FORMED.matcher(id).matches();
    }
}
