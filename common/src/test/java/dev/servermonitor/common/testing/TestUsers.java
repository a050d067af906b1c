package dev.servermonitor.common.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Rows in {@code users} written straight through JDBC, for tests that need a user without the API.
 */
public final class TestUsers {

    private TestUsers() {
    }

    /** A new enabled user with a unique name who cannot log in; returns its id. */
    public static long create(DataSource db, String role) {
        return create(db, role, "not-a-login-hash");
    }

    /** A new enabled user with a unique name and this password hash; returns its id. */
    public static long create(DataSource db, String role, String passwordHash) {
        String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        return update(db, "insert into users (username, email, password_hash, role, password_changed_at)"
                + " values (?, ?, ?, ?, now() - interval '1 hour') returning id", name, name + "@example.test",
                passwordHash, role);
    }

    /**
     * Empties the table (with what cascades from it), for tests of what happens before the first user.
     */
    public static void deleteAll(DataSource db) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("delete from users")) {
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void disable(DataSource db, long id) {
        update(db, "update users set enabled = false where id = ? returning id", id);
    }

    public static void setRole(DataSource db, long id, String role) {
        update(db, "update users set role = ? where id = ? returning id", role, id);
    }

    public static void passwordChangedAt(DataSource db, long id, Instant at) {
        update(db, "update users set password_changed_at = ? where id = ? returning id", Timestamp.from(at), id);
    }

    public static String username(DataSource db, long id) {
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement("select username from users where id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long update(DataSource db, String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
