package dev.servermonitor.api.task;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A task as the API shows it. The output fields appear only when the output was stored (and, in
 * lists, never: fetch the task for them); once retention has removed it, {@code outputRemovedAt}
 * says when, and {@code stdoutBytes}/{@code stderrBytes} still say how much there was. Output is
 * UTF-8 text; bytes that are not valid UTF-8 read as U+FFFD, and a truncated stream ends with a
 * marker saying how much there was.
 */
public record TaskView(long id, long serverId, long userId, String username, String command, String status,
        int timeoutSeconds, boolean storeOutput, Integer exitCode, String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) String stdout,
        @JsonInclude(JsonInclude.Include.NON_NULL) String stderr,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean stdoutTruncated,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean stderrTruncated, long stdoutBytes, long stderrBytes,
        boolean cancelRequested, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
        Long durationMs, @JsonInclude(JsonInclude.Include.NON_NULL) OffsetDateTime outputRemovedAt) {

    static TaskView of(Task t) {
        boolean stored = t.storeOutput();
        return new TaskView(t.id(), t.serverId(), t.userId(), t.username(), t.command(), t.status().value(),
                t.timeoutSeconds(), stored, t.exitCode(), t.error(),
                stored && t.stdout() != null ? text(t.stdout(), t.stdoutBytes(), t.stdoutTruncated()) : null,
                stored && t.stderr() != null ? text(t.stderr(), t.stderrBytes(), t.stderrTruncated()) : null,
                stored ? t.stdoutTruncated() : null, stored ? t.stderrTruncated() : null, t.stdoutBytes(),
                t.stderrBytes(), t.cancelRequestedAt() != null, t.createdAt(), t.startedAt(), t.finishedAt(),
                t.durationMs(), t.outputRemovedAt());
    }

    /** The kept bytes as text, and the marker when the stream was longer than what was kept. */
    static String text(byte[] kept, long total, boolean truncated) {
        String body = decode(kept);
        return truncated
                ? body + "\n[output truncated: " + total + " bytes in all, the first " + kept.length + " kept]\n"
                : body;
    }

    /** Malformed UTF-8 becomes U+FFFD (String's own rule); nothing is dropped silently. */
    private static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
