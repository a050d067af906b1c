package dev.servermonitor.api.setup;

import java.util.regex.Pattern;

import dev.servermonitor.api.auth.PasswordPolicy;
import dev.servermonitor.common.error.ApiException;

/** {@code POST /api/setup/initialize}: the first administrator. */
public record SetupRequest(String username, String email, String password) {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

    void validate() {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw invalid("username must be 3-64 characters of letters, digits, '.', '_' or '-'");
        }
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw invalid("email must be a valid e-mail address");
        }
        PasswordPolicy.check("password", password);
    }

    private static ApiException invalid(String message) {
        return new ApiException(400, "validation_failed", message);
    }
}
