package dev.servermonitor.common.security;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Whether a verified token still speaks for an active user: the row exists, is enabled, and its
 * password has not changed since the token was issued. The role is the row's, not the token's.
 */
@ApplicationScoped
public class ActiveUsers {

    static final String LOOKUP = "select username, role, enabled, password_changed_at from users where id = $1";

    private final Pool pool;

    public ActiveUsers(Pool pool) {
        this.pool = pool;
    }

    /** The user now; fails with {@link AuthenticationFailedException} saying why not. */
    public Uni<CurrentUser> current(JsonWebToken jwt) {
        long userId;
        try {
            userId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException | NullPointerException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException("token subject is not a user id"));
        }
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(userId)).map(rows -> judge(jwt, userId, rows));
    }

    private static CurrentUser judge(JsonWebToken jwt, long userId, RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            throw new AuthenticationFailedException("user no longer exists");
        }
        Row row = rows.iterator().next();
        if (!row.getBoolean("enabled")) {
            throw new AuthenticationFailedException("user is disabled");
        }
        // iat has whole seconds: a token from the same second as the change still counts as newer
        Instant changed = row.getOffsetDateTime("password_changed_at").toInstant();
        if (jwt.getIssuedAtTime() < changed.getEpochSecond()) {
            throw new AuthenticationFailedException("token predates the last password change");
        }
        return new CurrentUser(userId, row.getString("username"), row.getString("role"));
    }
}
