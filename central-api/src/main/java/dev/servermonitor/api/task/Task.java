package dev.servermonitor.api.task;

import java.time.Duration;
import java.time.OffsetDateTime;

import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A row of {@code tasks}; {@code stdout}/{@code stderr} are null when not stored, not fetched, or
 * removed by retention ({@code outputRemovedAt} says when).
 */
public record Task(long id, long serverId, long userId, String username, String command, int timeoutSeconds,
        boolean storeOutput, TaskStatus status, Integer exitCode, String error, byte[] stdout, byte[] stderr,
        long stdoutBytes, long stderrBytes, boolean stdoutTruncated, boolean stderrTruncated, String ownerId,
        OffsetDateTime cancelRequestedAt, OffsetDateTime createdAt, OffsetDateTime startedAt,
        OffsetDateTime finishedAt, OffsetDateTime outputRemovedAt) {

    static final String SUMMARY_COLUMNS = "id, server_id, user_id, username, command, timeout_seconds, store_output,"
            + " status, exit_code, error, stdout_bytes, stderr_bytes, stdout_truncated, stderr_truncated, owner_id,"
            + " cancel_requested_at, created_at, started_at, finished_at, output_removed_at";
    static final String COLUMNS = SUMMARY_COLUMNS + ", stdout, stderr";

    static Task from(Row r) {
        boolean withOutput = r.getColumnIndex("stdout") >= 0;
        return new Task(r.getLong("id"), r.getLong("server_id"), r.getLong("user_id"), r.getString("username"),
                r.getString("command"), r.getInteger("timeout_seconds"), r.getBoolean("store_output"),
                TaskStatus.of(r.getString("status")), r.getInteger("exit_code"), r.getString("error"),
                withOutput ? bytes(r.getBuffer("stdout")) : null, withOutput ? bytes(r.getBuffer("stderr")) : null,
                r.getLong("stdout_bytes"), r.getLong("stderr_bytes"), r.getBoolean("stdout_truncated"),
                r.getBoolean("stderr_truncated"), r.getString("owner_id"), r.getOffsetDateTime("cancel_requested_at"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("started_at"),
                r.getOffsetDateTime("finished_at"), r.getOffsetDateTime("output_removed_at"));
    }

    public Long durationMs() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis();
    }

    private static byte[] bytes(Buffer b) {
        return b == null ? null : b.getBytes();
    }
}
