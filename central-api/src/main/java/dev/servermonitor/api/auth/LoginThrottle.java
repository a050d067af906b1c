package dev.servermonitor.api.auth;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.api.ApiConfig;

/**
 * Brute-force brake: at most {@code maxLoginFailures} attempts that did not succeed per (account,
 * client IP) within the window; further attempts are refused until the oldest of them ages out.
 * Never permanent; shared by all replicas.
 *
 * <p>
 * An attempt is counted <em>before</em> its password is checked, under a per-key advisory lock, so
 * parallel attempts cannot all pass the check first; a success deletes the key's count again.
 */
@ApplicationScoped
public class LoginThrottle {

    /** What is counted: the account when the identifier names one, else the identifier; and the IP. */
    public record Key(Long userId, String login, String ip) {

        static Key of(Long userId, String login, String ip) {
            return new Key(userId, login.strip().toLowerCase(Locale.ROOT), ip);
        }

        String lockName() {
            return (userId != null ? "login-user:" + userId : "login-name:" + login) + "|" + ip;
        }
    }

    /** Seconds until attempts are accepted again; 0 when they are now. */
    public record State(int failures, long retryAfterSeconds) {

        public boolean locked() {
            return retryAfterSeconds > 0;
        }
    }

    /**
     * The outcome of {@link #begin}: refused (the key was locked; nothing recorded), or counted, with
     * the state including this attempt.
     */
    public record Attempt(boolean refused, State state) {
    }

    private static final String MATCHES = " where ip = $2 and (case when $1::bigint is not null then user_id = $1"
            + " else user_id is null and username_key = $3 end)";

    private final int max;
    private final long windowSeconds;

    public LoginThrottle(ApiConfig config) {
        this.max = config.auth().maxLoginFailures();
        this.windowSeconds = config.auth().loginFailureWindow().toSeconds();
    }

    /**
     * Counts an attempt for {@code key} in its own transaction, unless the key is already locked. The
     * advisory lock makes the count and the insert one step for concurrent attempts of the same key.
     */
    public Uni<Attempt> begin(Pool pool, Key key) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(key.lockName()))
                .chain(() -> tx.preparedQuery("delete from login_failures" + MATCHES
                        + " and failed_at <= now() - make_interval(secs => $4)").execute(params(key)))
                .chain(() -> state(tx, key)).chain(before -> {
                    if (before.locked()) {
                        return Uni.createFrom().item(new Attempt(true, before));
                    }
                    return tx
                            .preparedQuery("insert into login_failures (user_id, username_key, ip) values ($1, $2, $3)")
                            .execute(Tuple.of(key.userId(), key.login(), key.ip()))
                            .chain(() -> state(tx, key)).map(after -> new Attempt(false, after));
                }));
    }

    /** The key's state: its attempts within the window and, once they reach the limit, the wait. */
    public Uni<State> state(SqlClient db, Key key) {
        return db.preparedQuery("select count(*) as n,"
                + " ceil(extract(epoch from (min(failed_at) + make_interval(secs => $4) - now()))) as retry"
                + " from login_failures" + MATCHES + " and failed_at > now() - make_interval(secs => $4)")
                .execute(params(key)).map(rows -> {
                    Row r = rows.iterator().next();
                    int n = r.getInteger("n");
                    long retry = n >= max && r.getValue("retry") != null ? Math.max(1, r.getLong("retry")) : 0;
                    return new State(n, retry);
                });
    }

    /** Forgets the key's attempts (a successful login). */
    public Uni<Void> clear(SqlClient db, Key key) {
        return db.preparedQuery("delete from login_failures" + MATCHES)
                .execute(Tuple.of(key.userId(), key.ip(), key.login())).replaceWithVoid();
    }

    private Tuple params(Key key) {
        return Tuple.of(key.userId(), key.ip(), key.login(), (double) windowSeconds);
    }
}
