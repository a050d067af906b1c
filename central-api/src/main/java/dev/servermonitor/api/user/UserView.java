package dev.servermonitor.api.user;

import java.time.OffsetDateTime;

/** A user as the API shows them; never the password hash. */
public record UserView(long id, String username, String email, String role, boolean enabled,
        OffsetDateTime createdAt, OffsetDateTime lastLoginAt) {
}
