package dev.servermonitor.api.setup;

import dev.servermonitor.api.user.PasswordPolicy;
import dev.servermonitor.api.user.UserRequests;

/** {@code POST /api/setup/initialize}: the first administrator. */
public record SetupRequest(String username, String email, String password) {

    void validate() {
        UserRequests.checkUsername(username);
        UserRequests.checkEmail(email);
        PasswordPolicy.check("password", password);
    }
}
