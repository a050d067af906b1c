package dev.servermonitor.api.auth;

import dev.servermonitor.common.error.ApiException;

/**
 * {@code POST /api/auth/login}: {@code username} may also be the e-mail address. A password longer
 * than bcrypt reads is not a validation error here but a wrong password (AuthService), so it is
 * counted by the lockout like any other.
 */
public record LoginRequest(String username, String password) {

    void validate() {
        if (username == null || username.isBlank() || username.length() > 254) {
            throw ApiException.invalid("username is required (at most 254 characters)");
        }
        if (password == null || password.isEmpty()) {
            throw ApiException.invalid("password is required");
        }
    }
}
