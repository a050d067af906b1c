package dev.servermonitor.gateway.recording;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.retention.Cleanup;
import dev.servermonitor.common.retention.Cleanup.Sweep;
import dev.servermonitor.gateway.GatewayConfig;

/**
 * What terminal-gateway removes when it has outlived its retention (audited as {@code db.cleanup}):
 * the recordings of sessions that ended more than {@code RECORDING_RETENTION_DAYS} ago. The
 * session's record stays, with the time its recording was removed.
 */
public class RecordingCleanup {

    /** pg_try_advisory_lock key of the gateway's cleanup: the same on every replica. */
    static final long LOCK = 0x4a0d17c1ea6L;
    /**
     * Sessions a statement empties: a recording is up to TERMINAL_RECORDING_MAX_BYTES in many chunks.
     */
    static final int BATCH = 20;

    static final String RECORDINGS = "with old as (select id from terminal_sessions where recording"
            + " and recording_removed_at is null and ended_at < $1 order by ended_at limit $2 for update skip locked),"
            + " chunks as (delete from terminal_recording_chunks c using old where c.session_id = old.id)"
            + " update terminal_sessions t set recording_removed_at = now() from old where t.id = old.id";

    @Produces
    @Singleton
    Cleanup cleanup(Pool pool, AuditWriter audit, GatewayConfig config) {
        return new Cleanup(pool, audit, "db.cleanup", LOCK, List.of(new Sweep("recordings",
                "RECORDING_RETENTION_DAYS", Duration.ofDays(config.recording().retentionDays()), BATCH, RECORDINGS)));
    }
}
