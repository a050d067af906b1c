package dev.servermonitor.common.security;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>
 * What the database says of a (user, session) is kept, so that a request costs no round trip, for
 * as long as {@link AccessChangeListener} listens: triggers on {@code users} and
 * {@code refresh_tokens} announce every change to it on channel {@value #CHANNEL}, and the listener
 * forgets what was kept of that user or session (milliseconds after the commit). While the listener
 * is not connected nothing is kept and every request asks the database, as it did before; what was
 * kept is dropped when the connection is lost and again when it is back, since changes made in
 * between were announced to no one. A service that changes users itself forgets at once, after its
 * commit ({@link #forgetUser}), so its own next request never waits for the announcement.
 */
@ApplicationScoped
public class ActiveUsers {

    /** The login session (refresh-token family) an access token belongs to. */
    public static final String SESSION_CLAIM = "sid";
    /** The Postgres channel the triggers of migration V11 announce changes on. */
    public static final String CHANNEL = "access_changed";

    /** An answer is asked again after this long even if no change was announced (a safety net only). */
    static final long MAX_AGE_NANOS = 30_000_000_000L;
    /** More (user, session) pairs than this and the cache starts over: it holds live sign-ins only. */
    static final int MAX_ENTRIES = 20_000;
    private static final UUID NO_SESSION = new UUID(0, 0);

    // a session is revoked when every refresh token of its family is; no sid (or no rows) revokes nothing
    static final String LOOKUP = "select u.username, u.role, u.enabled, u.password_changed_at, s.revoked"
            + " from users u left join lateral (select bool_and(revoked_at is not null) as revoked"
            + " from refresh_tokens where family_id = $2) s on true where u.id = $1";

    /** What the database said of a user and one of their sessions. */
    record Snapshot(boolean exists, String username, String role, boolean enabled, long passwordChangedAt,
            boolean sessionRevoked, long askedAtNanos) {
    }

    private record Key(long userId, UUID session) {
    }

    private final Pool pool;
    private final Map<Key, Snapshot> cache = new ConcurrentHashMap<>();
    /** Moves on at every forgetting: an answer asked before it is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;

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
        Key key = new Key(userId, session == null ? NO_SESSION : session);
        Snapshot kept = listening ? cache.get(key) : null;
        if (kept != null && System.nanoTime() - kept.askedAtNanos() < MAX_AGE_NANOS) {
            try {
                return Uni.createFrom().item(judge(jwt, userId, kept));
            } catch (AuthenticationFailedException e) {
                return Uni.createFrom().failure(e);
            }
        }
        long asked = generation.get();
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(userId, session)).map(rows -> {
            Snapshot now = snapshot(rows);
            keep(key, now, asked);
            return judge(jwt, userId, now);
        });
    }

    private void keep(Key key, Snapshot answer, long askedAt) {
        if (!listening) {
            return;
        }
        if (cache.size() >= MAX_ENTRIES) {
            // mostly sessions no longer used: the old go first, and everything only if that is not enough
            long now = System.nanoTime();
            cache.values().removeIf(kept -> now - kept.askedAtNanos() >= MAX_AGE_NANOS);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(key, answer);
        // a forgetting while the answer was on its way may be about it: then it is not to be trusted
        if (generation.get() != askedAt) {
            cache.remove(key, answer);
        }
    }

    private static Snapshot snapshot(RowSet<Row> rows) {
        long now = System.nanoTime();
        if (!rows.iterator().hasNext()) {
            return new Snapshot(false, null, null, false, 0, false, now);
        }
        Row row = rows.iterator().next();
        return new Snapshot(true, row.getString("username"), row.getString("role"), row.getBoolean("enabled"),
                row.getOffsetDateTime("password_changed_at").toEpochSecond(),
                Boolean.TRUE.equals(row.getBoolean("revoked")), now);
    }

    private static CurrentUser judge(JsonWebToken jwt, long userId, Snapshot user) {
        if (!user.exists()) {
            throw new AuthenticationFailedException("user no longer exists");
        }
        if (!user.enabled()) {
            throw new AuthenticationFailedException("user is disabled");
        }
        if (user.sessionRevoked()) {
            throw new AuthenticationFailedException("the login session was signed out or revoked");
        }
        // iat has whole seconds: a token from the same second as the change still counts as newer
        if (jwt.getIssuedAtTime() < user.passwordChangedAt()) {
            throw new AuthenticationFailedException("token predates the last password change");
        }
        return new CurrentUser(userId, user.username(), user.role());
    }

    /** Forgets what is kept of this user (every session); call after the change commits. */
    public void forgetUser(long userId) {
        generation.incrementAndGet();
        cache.keySet().removeIf(k -> k.userId() == userId);
    }

    /** Forgets what is kept of this login session; call after the change commits. */
    public void forgetSession(UUID session) {
        generation.incrementAndGet();
        cache.keySet().removeIf(k -> k.session().equals(session));
    }

    /**
     * Whether changes are being announced to this service: on (after LISTEN took effect) starts an
     * empty cache; off (the connection was lost) stops keeping answers and drops those kept.
     */
    void listening(boolean on) {
        listening = on;
        forgetAll();
    }

    /**
     * Handles one announcement: {@code user:<id>} or {@code session:<uuid>}; anything else forgets all.
     */
    void announced(String payload) {
        try {
            if (payload.startsWith("user:")) {
                forgetUser(Long.parseLong(payload.substring(5)));
                return;
            }
            if (payload.startsWith("session:")) {
                forgetSession(UUID.fromString(payload.substring(8)));
                return;
            }
        } catch (IllegalArgumentException e) {
            // falls through: an announcement not understood must not leave a stale answer behind
        }
        forgetAll();
    }

    private void forgetAll() {
        generation.incrementAndGet();
        cache.clear();
    }
}
