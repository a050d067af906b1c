package dev.servermonitor.api.terminal;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A terminal session record as the API shows it (written by terminal-gateway); {@code recording}
 * says it was recorded, {@code recordingRemovedAt} when retention removed that recording.
 */
public record TerminalSessionView(UUID id, long userId, String username, long serverId, String serverName,
        String clientIp, String status, String closeReason, int cols, int rows, long bytesIn, long bytesOut,
        boolean recording, String ownerInstance, OffsetDateTime startedAt, OffsetDateTime endedAt,
        Long durationSeconds, @JsonInclude(JsonInclude.Include.NON_NULL) OffsetDateTime recordingRemovedAt) {

    static final String COLUMNS = "id, user_id, username, server_id, server_name, client_ip, status, close_reason, cols,"
            + " rows, bytes_in, bytes_out, recording, owner_instance, started_at, ended_at, recording_removed_at";

    static TerminalSessionView from(Row r) {
        OffsetDateTime started = r.getOffsetDateTime("started_at");
        OffsetDateTime ended = r.getOffsetDateTime("ended_at");
        return new TerminalSessionView(r.getUUID("id"), r.getLong("user_id"), r.getString("username"),
                r.getLong("server_id"), r.getString("server_name"), r.getString("client_ip"), r.getString("status"),
                r.getString("close_reason"), r.getInteger("cols"), r.getInteger("rows"), r.getLong("bytes_in"),
                r.getLong("bytes_out"), r.getBoolean("recording"), r.getString("owner_instance"), started, ended,
                ended == null ? null : java.time.Duration.between(started, ended).toSeconds(),
                r.getOffsetDateTime("recording_removed_at"));
    }

    boolean active() {
        return "active".equals(status);
    }
}
