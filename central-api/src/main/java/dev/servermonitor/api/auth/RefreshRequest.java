package dev.servermonitor.api.auth;

import dev.servermonitor.common.error.ApiException;

/** {@code POST /api/auth/refresh} and {@code /logout}. */
public record RefreshRequest(String refreshToken) {

    void validate() {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 256) {
            throw ApiException.invalid("refreshToken is required");
        }
    }
}
