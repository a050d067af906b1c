package dev.servermonitor.common.security;

import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every request with a valid token is checked against the {@code users} row: a deleted or disabled
 * user, or a token issued before the last password change, is refused on the next request, and the
 * role is the one the row holds now (a demotion applies at once, not when the token expires).
 */
@ApplicationScoped
public class ActiveUserAugmentor implements SecurityIdentityAugmentor {

    static final String LOOKUP = "select username, role, enabled, password_changed_at from users where id = $1";

    private final Pool pool;

    public ActiveUserAugmentor(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        long userId;
        try {
            userId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException | NullPointerException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException("token subject is not a user id"));
        }
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(userId)).map(rows -> current(identity, jwt, userId, rows));
    }

    private static SecurityIdentity current(SecurityIdentity identity, JsonWebToken jwt, long userId,
            RowSet<Row> rows) {
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
        MDC.put("user_id", Long.toString(userId));
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole(row.getString("role"))
                .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes())
                .addAttribute(CurrentUser.ATTRIBUTE, new CurrentUser(userId, row.getString("username"),
                        row.getString("role"), OffsetDateTime.now()))
                .build();
    }
}
