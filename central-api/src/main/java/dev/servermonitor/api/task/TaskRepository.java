package dev.servermonitor.api.task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.CurrentUser;

/** Queries on {@code tasks}: creation, lists, cancellation; the queue's own are in TaskQueue. */
@ApplicationScoped
public class TaskRepository {

    private final Pool pool;

    public TaskRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * How many tasks {@code userId} created in the last minute, and when the oldest of them leaves it.
     */
    public record RecentCreations(int count, long secondsUntilOldestExpires) {
    }

    public Uni<Task> insert(SqlClient tx, long serverId, CurrentUser user, String command, int timeoutSeconds,
            boolean storeOutput) {
        return tx.preparedQuery("insert into tasks (server_id, user_id, username, command, timeout_seconds,"
                + " store_output) values ($1, $2, $3, $4, $5, $6) returning " + Task.SUMMARY_COLUMNS)
                .execute(Tuple.of(serverId, user.id(), user.username(), command, timeoutSeconds, storeOutput))
                .map(TaskRepository::single);
    }

    /**
     * Serialises creations by one user (so the rate limit cannot be raced) and counts the last
     * minute's.
     */
    public Uni<RecentCreations> lockAndCountRecent(SqlClient tx, long userId) {
        return tx.preparedQuery("select pg_advisory_xact_lock(hashtextextended('task-create:' || $1::bigint, 0))")
                .execute(Tuple.of(userId))
                .chain(() -> tx.preparedQuery("select count(*) as n, ceil(extract(epoch from"
                        + " (min(created_at) + interval '1 minute' - now()))) as retry from tasks"
                        + " where user_id = $1 and created_at > now() - interval '1 minute'")
                        .execute(Tuple.of(userId)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Object retry = r.getValue("retry");
                    return new RecentCreations(r.getInteger("n"),
                            retry == null ? 0 : Math.max(1, ((Number) retry).longValue()));
                });
    }

    /** With its output only when {@code withOutput}: up to twice TASKS_OUTPUT_MAX_BYTES per row. */
    public Uni<Task> find(SqlClient client, long id, boolean withOutput) {
        return client.preparedQuery("select " + (withOutput ? Task.COLUMNS : Task.SUMMARY_COLUMNS)
                + " from tasks where id = $1").execute(Tuple.of(id)).map(TaskRepository::singleOrNull);
    }

    /** Newest first by id (ids only grow), without output. */
    public Uni<TaskPage> page(TaskFilter f, int limit, String cursor) {
        List<String> clauses = new ArrayList<>();
        Tuple t = Tuple.tuple();
        if (f.serverId() != null) {
            t.addLong(f.serverId());
            clauses.add("server_id = $" + t.size());
        }
        if (f.status() != null) {
            t.addString(f.status().value());
            clauses.add("status = $" + t.size());
        }
        if (f.from() != null) {
            t.addOffsetDateTime(f.from());
            clauses.add("created_at >= $" + t.size());
        }
        if (f.to() != null) {
            t.addOffsetDateTime(f.to());
            clauses.add("created_at < $" + t.size());
        }
        if (f.userId() != null) {
            t.addLong(f.userId());
            clauses.add("user_id = $" + t.size());
        }
        Long after = decodeCursor(cursor);
        if (after != null) {
            t.addLong(after);
            clauses.add("id < $" + t.size());
        }
        String sql = "select " + Task.SUMMARY_COLUMNS + " from tasks"
                + (clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses)) + " order by id desc limit "
                + (limit + 1);
        return pool.preparedQuery(sql).execute(t).map(rows -> {
            List<Task> tasks = new ArrayList<>(
                    StreamSupport.stream(rows.spliterator(), false).map(Task::from).toList());
            String next = null;
            if (tasks.size() > limit) {
                tasks.remove(limit);
                next = encodeCursor(tasks.get(limit - 1).id());
            }
            return new TaskPage(tasks.stream().map(TaskView::of).toList(), next);
        });
    }

    /** A queued task becomes cancelled (null when it is no longer queued). */
    public Uni<Task> cancelQueued(SqlClient tx, long id) {
        return tx.preparedQuery("update tasks set status = 'cancelled', cancel_requested_at = now(),"
                + " finished_at = now() where id = $1 and status = 'queued' returning " + Task.SUMMARY_COLUMNS)
                .execute(Tuple.of(id)).map(TaskRepository::singleOrNull);
    }

    /** Marks a running task for cancellation (null when it is no longer running). */
    public Uni<Task> requestCancel(SqlClient tx, long id) {
        return tx.preparedQuery("update tasks set cancel_requested_at = coalesce(cancel_requested_at, now())"
                + " where id = $1 and status = 'running' returning " + Task.SUMMARY_COLUMNS).execute(Tuple.of(id))
                .map(TaskRepository::singleOrNull);
    }

    /** Every status with its count, as V12's triggers keep them (no count over the table). */
    public Uni<Map<String, Long>> countByStatus() {
        return pool.preparedQuery("select status, n from task_status_counts").execute().map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            rows.forEach(r -> counts.put(r.getString("status"), r.getLong("n")));
            return counts;
        });
    }

    static Task single(RowSet<Row> rows) {
        return Task.from(rows.iterator().next());
    }

    static Task singleOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Task.from(rows.iterator().next());
    }

    private static String encodeCursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("t" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static Long decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            if (raw.startsWith("t")) {
                return Long.parseLong(raw.substring(1));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the 400
        }
        throw ApiException.invalid("cursor is not one this API returned");
    }
}
