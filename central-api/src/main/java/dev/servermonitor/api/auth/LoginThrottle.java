package dev.servermonitor.api.auth;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.api.ApiConfig;

/**
 * Brute-force brake: after {@code maxLoginFailures} failures for one (username, client IP) within
 * the window, further attempts are refused until the oldest of them ages out. Never permanent;
 * shared by all replicas.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Seconds until attempts are accepted again; 0 when they are now. */
    public record State(int failures, long retryAfterSeconds) {

        public boolean locked() {
            return retryAfterSeconds > 0;
        }
    }

    private final int max;
    private final long windowSeconds;

    public LoginThrottle(ApiConfig config) {
        this.max = config.auth().maxLoginFailures();
        this.windowSeconds = config.auth().loginFailureWindow().toSeconds();
    }

    public Uni<State> state(SqlClient db, String username, String ip) {
        return db.preparedQuery("select count(*) as n,"
                + " ceil(extract(epoch from (min(failed_at) + make_interval(secs => $3) - now()))) as retry"
                + " from login_failures where username_key = $1 and ip = $2"
                + " and failed_at > now() - make_interval(secs => $3)")
                .execute(Tuple.of(key(username), ip, (double) windowSeconds)).map(rows -> {
                    Row r = rows.iterator().next();
                    int n = r.getInteger("n");
                    long retry = n >= max && r.getValue("retry") != null ? Math.max(1, r.getLong("retry")) : 0;
                    return new State(n, retry);
                });
    }

    /** Records one failure (and forgets this key's expired ones); returns the state after it. */
    public Uni<State> recordFailure(SqlClient db, String username, String ip) {
        return db.preparedQuery("delete from login_failures where username_key = $1 and ip = $2"
                + " and failed_at <= now() - make_interval(secs => $3)")
                .execute(Tuple.of(key(username), ip, (double) windowSeconds))
                .chain(() -> db.preparedQuery("insert into login_failures (username_key, ip) values ($1, $2)")
                        .execute(Tuple.of(key(username), ip)))
                .chain(() -> state(db, username, ip));
    }

    public Uni<Void> clear(SqlClient db, String username, String ip) {
        return db.preparedQuery("delete from login_failures where username_key = $1 and ip = $2")
                .execute(Tuple.of(key(username), ip)).replaceWithVoid();
    }

    static String key(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }
}
