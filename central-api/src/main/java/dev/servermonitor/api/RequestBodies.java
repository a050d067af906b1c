package dev.servermonitor.api;

import dev.servermonitor.common.error.ApiException;

/** A missing JSON body is the caller's mistake: 400, not a NullPointerException's 500. */
public final class RequestBodies {

    private RequestBodies() {
    }

    public static <T> T required(T body) {
        if (body == null) {
            throw ApiException.invalid("a JSON request body is required");
        }
        return body;
    }
}
