package dev.servermonitor.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.api.user.UserSessions;

/**
 * Refresh tokens: 256 random bits handed out once, kept only as their SHA-256. A user's sign-ins
 * are their refresh tokens' families, so this is what ends them ({@link UserSessions}).
 */
@ApplicationScoped
public class RefreshTokenRepository implements UserSessions {

    private final SecureRandom random = new SecureRandom();

    /** A stored token as rotation needs it. */
    public record Stored(UUID id, UUID familyId, long userId, boolean used, boolean revoked, boolean expired) {
    }

    /** Stores a new token of {@code familyId} (a new family for a login) and returns its clear text. */
    public Uni<String> create(SqlClient db, long userId, UUID familyId, OffsetDateTime expiresAt) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return db.preparedQuery("insert into refresh_tokens (id, family_id, user_id, token_hash, expires_at)"
                + " values ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(UUID.randomUUID(), familyId, userId, hash(token), expiresAt)).replaceWith(token);
    }

    /** The token with this clear text, whatever its state; null when unknown. */
    public Uni<Stored> find(SqlClient db, String token) {
        return db.preparedQuery("select id, family_id, user_id, used_at is not null as used,"
                + " revoked_at is not null as revoked, expires_at <= now() as expired"
                + " from refresh_tokens where token_hash = $1").execute(Tuple.of(hash(token))).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Stored(r.getUUID("id"), r.getUUID("family_id"), r.getLong("user_id"),
                            r.getBoolean("used"), r.getBoolean("revoked"), r.getBoolean("expired"));
                });
    }

    /** Marks the token used if it still was usable; false when another request got there first. */
    public Uni<Boolean> markUsed(SqlClient db, UUID id) {
        return db.preparedQuery("update refresh_tokens set used_at = now()"
                + " where id = $1 and used_at is null and revoked_at is null and expires_at > now()")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Integer> revokeFamily(SqlClient db, UUID familyId) {
        return db
                .preparedQuery(
                        "update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null")
                .execute(Tuple.of(familyId)).map(rows -> rows.rowCount());
    }

    @Override
    public Uni<Integer> endAllOf(SqlClient db, long userId) {
        return db
                .preparedQuery("update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null")
                .execute(Tuple.of(userId)).map(rows -> rows.rowCount());
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
