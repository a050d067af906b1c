package dev.servermonitor.api.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.instance.ServiceInstance;

/**
 * The queue's side of {@code tasks}: claiming (safe across replicas), finishing, heartbeats and
 * recovery. Every state change and its audit row commit together.
 */
@ApplicationScoped
public class TaskQueue {

    private final Pool pool;
    private final AuditWriter audit;
    private final String owner;

    public TaskQueue(Pool pool, AuditWriter audit, ServiceInstance instance) {
        this.pool = pool;
        this.audit = audit;
        this.owner = instance.id();
    }

    /** This instance's owner id on the rows it runs. */
    public String owner() {
        return owner;
    }

    /**
     * The oldest queued task whose server has room, now running and owned here; null when there is
     * none. Rows another worker is claiming are skipped, and a per-server lock makes the room check
     * exact.
     */
    public Uni<Task> claim(int perServer) {
        return pool.withTransaction(tx -> tx.preparedQuery("select id, server_id from tasks t where status = 'queued'"
                + " and (select count(*) from tasks r where r.server_id = t.server_id and r.status = 'running') < $1"
                + " order by id limit 1 for update skip locked").execute(Tuple.of(perServer)).chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row candidate = rows.iterator().next();
                    long id = candidate.getLong("id");
                    long serverId = candidate.getLong("server_id");
                    return tx
                            .preparedQuery(
                                    "select pg_advisory_xact_lock(hashtextextended('task-server:' || $1::bigint, 0))")
                            .execute(Tuple.of(serverId))
                            .chain(() -> tx.preparedQuery("select count(*) as n from tasks where server_id = $1"
                                    + " and status = 'running'").execute(Tuple.of(serverId)))
                            .chain(count -> count.iterator().next().getLong("n") >= perServer
                                    ? Uni.createFrom().<Task>nullItem()
                                    : start(tx, id));
                }));
    }

    private Uni<Task> start(SqlClient tx, long id) {
        return tx.preparedQuery("update tasks set status = 'running', owner_id = $2, started_at = now(),"
                + " heartbeat_at = now() where id = $1 returning " + Task.SUMMARY_COLUMNS)
                .execute(Tuple.of(id, owner)).map(TaskRepository::single)
                .call(task -> audit.append(tx, entry("task.start", task).with(Map.of("serverId", task.serverId(),
                        "instance", owner)), RequestOrigin.SYSTEM));
    }

    /**
     * Records how a task ended, unless it is no longer this instance's (recovered elsewhere meanwhile);
     * returns the finished row, or null when it was not recorded.
     */
    public Uni<Task> finish(Task task, TaskExecution.Outcome outcome) {
        OutputCapture out = outcome.stdout();
        OutputCapture err = outcome.stderr();
        Tuple values = Tuple.tuple().addLong(task.id()).addString(owner).addString(outcome.status().value())
                .addValue(outcome.exitCode()).addString(outcome.error())
                .addValue(task.storeOutput() ? Buffer.buffer(out.kept()).getDelegate() : null)
                .addValue(task.storeOutput() ? Buffer.buffer(err.kept()).getDelegate() : null)
                .addLong(out.total()).addLong(err.total()).addBoolean(out.truncated()).addBoolean(err.truncated());
        return pool.withTransaction(tx -> tx.preparedQuery("update tasks set status = $3, exit_code = $4, error = $5,"
                + " stdout = $6, stderr = $7, stdout_bytes = $8, stderr_bytes = $9, stdout_truncated = $10,"
                + " stderr_truncated = $11, finished_at = now(), heartbeat_at = now()"
                + " where id = $1 and owner_id = $2 and status = 'running' returning " + Task.SUMMARY_COLUMNS)
                .execute(values).chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().<Task>nullItem();
                    }
                    Task done = TaskRepository.single(rows);
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("serverId", done.serverId());
                    meta.put("status", done.status().value());
                    meta.put("exitCode", done.exitCode());
                    meta.put("durationMs", done.durationMs());
                    meta.put("stdoutBytes", done.stdoutBytes());
                    meta.put("stderrBytes", done.stderrBytes());
                    if (done.error() != null) {
                        meta.put("error", done.error());
                    }
                    return audit.append(tx, entry("task.finish", done).with(meta), RequestOrigin.SYSTEM)
                            .replaceWith(done);
                }));
    }

    /** Keeps this instance's running tasks fresh; returns those a user asked to cancel. */
    public Uni<List<Long>> heartbeat() {
        return pool.preparedQuery("update tasks set heartbeat_at = now() where owner_id = $1 and status = 'running'"
                + " returning id, cancel_requested_at is not null as cancel").execute(Tuple.of(owner))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).filter(r -> r.getBoolean("cancel"))
                        .map(r -> r.getLong("id")).toList());
    }

    /** Where the command of a running task lives on its server, for whoever recovers it. */
    public Uni<Void> recordProcessGroup(long taskId, long pgid) {
        return pool.preparedQuery("update tasks set remote_pgid = $2 where id = $1 and status = 'running'")
                .execute(Tuple.of(taskId, pgid)).replaceWithVoid();
    }

    /** A task taken from a dead owner: what may be left of it on its server. */
    public record Recovered(long taskId, long serverId, Long pgid, String error) {
    }

    /**
     * Running tasks whose owner is gone become interrupted, each audited {@code task.recover}. Gone:
     * neither the task (every {@code TASKS_POLL_INTERVAL}) nor its instance (every heartbeat interval)
     * has heartbeated for {@code staleAfter}, so a live instance's task is never taken. Each becomes
     * this instance's to settle: what is left of it on its server is for the caller to kill
     * ({@link #unsettled}, {@link #settleRecovered}). Answers how many were taken.
     */
    public Uni<Integer> recoverStale(Duration staleAfter) {
        String error = "the central-api instance running it stopped without finishing it (no heartbeat for "
                + staleAfter.toSeconds() + " s)";
        // never this instance's own: it knows what it runs (and marks it at shutdown)
        return interrupt("coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(secs => $2)"
                + " and owner_id is distinct from $3 and not exists (select 1 from service_instances si"
                + " where si.instance_id = tasks.owner_id and si.last_seen_at > now() - make_interval(secs => $2))",
                Tuple.of(error + SETTLING, (double) staleAfter.toSeconds(), owner), "task.recover",
                ", recovered_by = $3").map(List::size);
    }

    /** How a recovered task's error ends until what it left on its server is dealt with. */
    static final String SETTLING = "; killing what is left of it on the server";

    /**
     * Recovered tasks whose left-overs are still to be dealt with, and now this instance's to settle:
     * its own (but {@code inFlight}, being settled now), and those of a recovering instance that died
     * before it finished (no heartbeat for {@code staleAfter}), taken over.
     */
    public Uni<List<Recovered>> unsettled(Duration staleAfter, Set<Long> inFlight) {
        return pool.preparedQuery("update tasks set recovered_by = $1 where id in (select id from tasks"
                + " where status = 'interrupted' and recovered_by is not null and not (id = any($3))"
                + " and (recovered_by = $1 or not exists (select 1 from service_instances si"
                + " where si.instance_id = tasks.recovered_by and si.last_seen_at > now() - make_interval(secs => $2)))"
                + " for update skip locked) returning id, server_id, remote_pgid, error")
                .execute(Tuple.of(owner, (double) staleAfter.toSeconds(), inFlight.toArray(Long[]::new)))
                .map(rows -> {
                    List<Recovered> out = new ArrayList<>();
                    for (Row r : rows) {
                        String error = r.getString("error");
                        out.add(new Recovered(r.getLong("id"), r.getLong("server_id"), r.getLong("remote_pgid"),
                                error != null && error.endsWith(SETTLING)
                                        ? error.substring(0, error.length() - SETTLING.length())
                                        : String.valueOf(error)));
                    }
                    return out;
                });
    }

    /**
     * A recovered task's final error, once its left-over processes were dealt with, audited
     * {@code task.recover_kill} with the outcome.
     */
    public Uni<Void> settleRecovered(Recovered task, String error, String outcome) {
        // only while it is still this instance's to settle: one taken over meanwhile is the other's to tell
        return pool.withTransaction(tx -> tx
                .preparedQuery("update tasks set error = $2, recovered_by = null where id = $1 and recovered_by = $3")
                .execute(Tuple.of(task.taskId(), error, owner))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().voidItem()
                        : audit.append(tx, AuditEntry.of("task.recover_kill").on("task", task.taskId())
                                .with(recoverMeta(task, outcome)), RequestOrigin.SYSTEM)));
    }

    /**
     * Last resort at shutdown: whatever this instance still has running is marked interrupted (audited
     * {@code task.finish}).
     */
    public Uni<Integer> interruptOwned(String error) {
        return interrupt("owner_id = $2", Tuple.of(error, owner), "task.finish", "").map(List::size);
    }

    /** {@code extraSet}: further assignments of the update, after the error's. */
    private Uni<List<Row>> interrupt(String condition, Tuple params, String action, String extraSet) {
        return pool.withTransaction(tx -> tx.preparedQuery("update tasks set status = 'interrupted',"
                + " finished_at = now(), error = $1" + extraSet + " where status = 'running' and " + condition
                + " returning "
                + Task.SUMMARY_COLUMNS + ", remote_pgid").execute(params)
                .chain(rows -> Multi.createFrom().iterable(rows).onItem()
                        .transformToUniAndConcatenate(row -> {
                            Task task = Task.from(row);
                            return audit.append(tx, AuditEntry.of(action).on("task", task.id())
                                    .with(Map.of("serverId", task.serverId(), "userId", task.userId(),
                                            "previousOwner", String.valueOf(task.ownerId()), "status",
                                            "interrupted")),
                                    RequestOrigin.SYSTEM).replaceWith(row);
                        })
                        .collect().asList()));
    }

    private static Map<String, Object> recoverMeta(Recovered task, String outcome) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("serverId", task.serverId());
        if (task.pgid() != null) {
            meta.put("processGroup", task.pgid());
        }
        meta.put("outcome", outcome);
        return meta;
    }

    private static AuditEntry entry(String action, Task task) {
        return AuditEntry.of(action).by(task.userId(), task.username()).on("task", task.id());
    }
}
