package dev.servermonitor.api.user;

import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

import dev.servermonitor.common.security.Roles;

/** A row of {@code users}. The password hash never leaves the service. */
public record User(long id, String username, String email, String passwordHash, String role, boolean enabled,
        OffsetDateTime createdAt, OffsetDateTime lastLoginAt) {

    static final String COLUMNS = "id, username, email, password_hash, role, enabled, created_at, last_login_at";

    static User from(Row row) {
        return new User(row.getLong("id"), row.getString("username"), row.getString("email"),
                row.getString("password_hash"), row.getString("role"), row.getBoolean("enabled"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_login_at"));
    }

    public boolean activeAdmin() {
        return enabled && Roles.ADMIN.equals(role);
    }

    public UserView view() {
        return new UserView(id, username, email, role, enabled, createdAt, lastLoginAt);
    }
}
