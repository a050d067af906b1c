package dev.servermonitor.common.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;

/**
 * Removes what has outlived its retention, sweep by sweep, in batches of short statements (no
 * statement holds locks for long), one run at a time across every replica of a service (a Postgres
 * advisory lock: a replica that finds it taken skips its run), and records each run in the audit
 * log with what it removed. The clock is the caller's ({@link #run(Instant)}), so a test decides
 * what "now" is.
 */
public final class Cleanup {

    private static final Logger LOG = Logger.getLogger(Cleanup.class);
    /** The longest retention: a cutoff further back than this would leave PostgreSQL's timestamps. */
    static final Duration LONGEST = Duration.ofDays(36_500);
    /** How the cleanup's transactions say they are the cleanup's; reset when each ends. */
    static final String MARK = "set local servermonitor.cleanup = 'on'";

    /**
     * One kind of old row. {@code sql} removes (or empties) at most {@code $2} rows from before the
     * cutoff {@code $1} (now minus {@code keep}) and answers how many; it is repeated until a batch
     * comes back short. {@code setting} names the variable that sets {@code keep}, for the error when
     * it is out of range.
     */
    public record Sweep(String name, String setting, Duration keep, int batch, String sql) {

        public Sweep {
            if (keep.compareTo(Duration.ofMinutes(1)) < 0) {
                long seconds = keep.toSeconds();
                throw new IllegalArgumentException(setting + " must be at least one minute, not "
                        + (seconds % 86_400 == 0 ? seconds / 86_400 + " days" : seconds + " s"));
            }
            if (keep.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException(setting + " must be at most " + LONGEST.toDays() + " days, not "
                        + keep.toDays());
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be positive, not " + batch);
            }
        }
    }

    private final Pool pool;
    private final AuditWriter audit;
    private final String action;
    private final long lock;
    private final List<Sweep> sweeps;

    /**
     * @param action
     *            the audit action each run records, e.g. {@code db.cleanup}
     * @param lock
     *            the advisory lock key: the same on every replica of the service, different between
     *            services
     */
    public Cleanup(Pool pool, AuditWriter audit, String action, long lock, List<Sweep> sweeps) {
        this.pool = pool;
        this.audit = audit;
        this.action = action;
        this.lock = lock;
        this.sweeps = List.copyOf(sweeps);
    }

    public List<Sweep> sweeps() {
        return sweeps;
    }

    /**
     * Runs every sweep as of {@code now}: what each removed, in the sweeps' order, or empty when
     * another replica holds the lock (it is running, or has just run, the same cleanup).
     */
    public Uni<Optional<Map<String, Long>>> run(Instant now) {
        return pool.withConnection(conn -> conn.preparedQuery("select pg_try_advisory_lock($1)").execute(Tuple.of(lock))
                .chain(rows -> rows.iterator().next().getBoolean(0)
                        ? sweepAll(conn, now).call(removed -> record(removed, now)).map(Optional::of)
                                .eventually(() -> unlock(conn))
                        : Uni.createFrom().item(Optional.<Map<String, Long>>empty())));
    }

    private Uni<Map<String, Long>> sweepAll(SqlConnection conn, Instant now) {
        Map<String, Long> removed = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Sweep sweep : sweeps) {
            chain = chain.chain(() -> sweep(conn, sweep, now.minus(sweep.keep())))
                    .invoke(n -> removed.put(sweep.name(), n)).replaceWithVoid();
        }
        return chain.map(v -> removed);
    }

    private static Uni<Long> sweep(SqlConnection conn, Sweep sweep, Instant cutoff) {
        Tuple args = Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), sweep.batch());
        return Multi.createBy().repeating().uni(() -> batch(conn, sweep.sql(), args))
                .whilst(n -> n >= sweep.batch()).collect().with(Collectors.summingLong(Integer::longValue));
    }

    /**
     * One batch in its own short transaction, marked as the cleanup's ({@link #MARK}): triggers that
     * announce a change may stay quiet for what only the cleanup removes (V12, ended sign-in sessions).
     */
    private static Uni<Integer> batch(SqlConnection conn, String sql, Tuple args) {
        return conn.begin().chain(tx -> conn.query(MARK).execute()
                .chain(() -> conn.preparedQuery(sql).execute(args)).map(r -> r.rowCount())
                .call(tx::commit)
                .onFailure().call(e -> tx.rollback().onFailure().recoverWithNull()));
    }

    private Uni<Void> record(Map<String, Long> removed, Instant now) {
        Map<String, Object> before = new LinkedHashMap<>();
        for (Sweep sweep : sweeps) {
            before.put(sweep.name(), now.minus(sweep.keep()).toString());
        }
        LOG.infof("%s removed %s", action, removed);
        return pool.withTransaction(tx -> audit.append(tx,
                AuditEntry.of(action).with(Map.of("removed", removed, "before", before)), RequestOrigin.SYSTEM));
    }

    private Uni<Void> unlock(SqlConnection conn) {
        return conn.preparedQuery("select pg_advisory_unlock($1)").execute(Tuple.of(lock)).replaceWithVoid();
    }
}
