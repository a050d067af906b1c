package dev.servermonitor.common.security;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Whether a verified token still speaks for an active user: the row exists, is enabled, its
 * password has not changed since the token was issued, and the login session the token names (claim
 * {@code sid}, the refresh-token family) has not been signed out or revoked. The role is the row's,
 * not the token's.
 */
@ApplicationScoped
public class ActiveUsers {

    /** The login session (refresh-token family) an access token belongs to. */
    public static final String SESSION_CLAIM = "sid";

    // a session is revoked when every refresh token of its family is; no sid (or no rows) revokes nothing
    static final String LOOKUP = "select username, role, enabled, password_changed_at, (select bool_and(revoked_at"
            + " is not null) from refresh_tokens where family_id = $2) as session_revoked from users where id = $1";

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
        UUID session;
        try {
            Object sid = jwt.getClaim(SESSION_CLAIM);
            session = sid == null
                    ? null
                    : UUID.fromString(sid instanceof JsonString js ? js.getString() : sid.toString());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException("token session id is malformed"));
        }
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(userId, session)).map(rows -> judge(jwt, userId, rows));
    }

    private static CurrentUser judge(JsonWebToken jwt, long userId, RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            throw new AuthenticationFailedException("user no longer exists");
        }
        Row row = rows.iterator().next();
        if (!row.getBoolean("enabled")) {
            throw new AuthenticationFailedException("user is disabled");
        }
        if (Boolean.TRUE.equals(row.getBoolean("session_revoked"))) {
            throw new AuthenticationFailedException("the login session was signed out or revoked");
        }
        // iat has whole seconds: a token from the same second as the change still counts as newer
        Instant changed = row.getOffsetDateTime("password_changed_at").toInstant();
        if (jwt.getIssuedAtTime() < changed.getEpochSecond()) {
            throw new AuthenticationFailedException("token predates the last password change");
        }
        return new CurrentUser(userId, row.getString("username"), row.getString("role"));
    }
}
