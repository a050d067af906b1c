package dev.servermonitor.api.retention;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.retention.Cleanup;
import dev.servermonitor.common.retention.Cleanup.Sweep;

/**
 * What central-api removes when it has outlived its retention (audited as {@code db.cleanup}):
 * ended sign-in sessions and the expired, rotated tokens of live ones, login failures past their
 * window, service instances long gone, and the output of old tasks (the task row stays and says
 * when its output went).
 */
public class ApiCleanup {

    /** pg_try_advisory_lock key of central-api's cleanup: the same on every replica. */
    static final long LOCK = 0x4a0d17c1ea5L;
    static final int BATCH = 1_000;
    /** How far apart a replica's clock and the database's may be, for the sessions' floor. */
    static final Duration CLOCKS_APART = Duration.ofMinutes(5);

    /**
     * A session is removed, all its tokens at once, when its last token expired or was revoked before
     * the cutoff, and never before the access tokens issued in it have expired: a session without rows
     * would read as not revoked.
     */
    static final String REFRESH_TOKENS = "delete from refresh_tokens where family_id = any(array(select r.family_id"
            + " from refresh_tokens r where least(r.revoked_at, r.expires_at) < $1 and not exists (select 1"
            + " from refresh_tokens o where o.family_id = r.family_id and least(o.revoked_at, o.expires_at) >= $1)"
            + " limit $2))";
    /**
     * A live session's tokens that were used (rotated) and have expired: the session keeps its current
     * token, so whether it is signed out reads the same, and an expired token is refused anyway.
     */
    static final String ROTATED_TOKENS = "delete from refresh_tokens where id = any(array(select r.id"
            + " from refresh_tokens r where r.used_at is not null and r.expires_at < $1 and exists (select 1"
            + " from refresh_tokens o where o.family_id = r.family_id and o.used_at is null) limit $2))";
    static final String LOGIN_FAILURES = "delete from login_failures where id = any(array(select id"
            + " from login_failures where failed_at < $1 limit $2))";
    static final String SERVICE_INSTANCES = "delete from service_instances where instance_id = any(array("
            + "select instance_id from service_instances where last_seen_at < $1 limit $2))";
    static final String TASK_OUTPUTS = "update tasks set stdout = null, stderr = null, output_removed_at = now()"
            + " where id = any(array(select id from tasks where finished_at < $1"
            + " and (stdout is not null or stderr is not null) limit $2))";

    @Produces
    @Singleton
    Cleanup cleanup(Pool pool, AuditWriter audit, ApiConfig config,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") int clockSkewSeconds) {
        ApiConfig.Retention keep = config.retention();
        if (keep.refreshTokenDays() < 1) {
            throw new IllegalArgumentException(
                    "REFRESH_TOKEN_RETENTION_DAYS must be at least 1 day, not " + keep.refreshTokenDays());
        }
        Duration sessions = sessionKeep(Duration.ofDays(keep.refreshTokenDays()), config.auth().accessTokenTtl(),
                clockSkewSeconds);
        return new Cleanup(pool, audit, "db.cleanup", LOCK, List.of(
                new Sweep("refreshTokens", "REFRESH_TOKEN_RETENTION_DAYS", sessions, BATCH, REFRESH_TOKENS),
                new Sweep("rotatedTokens", "REFRESH_TOKEN_RETENTION_DAYS", sessions, BATCH, ROTATED_TOKENS),
                new Sweep("loginFailures", "the login failure window",
                        longest(config.auth().loginFailureWindow(), Duration.ofMinutes(1)), BATCH, LOGIN_FAILURES),
                new Sweep("serviceInstances", "SERVICE_INSTANCE_RETENTION_DAYS",
                        Duration.ofDays(keep.serviceInstanceDays()), BATCH, SERVICE_INSTANCES),
                // output is up to TASKS_OUTPUT_MAX_BYTES a stream: smaller batches keep each statement short
                new Sweep("taskOutputs", "TASK_OUTPUT_RETENTION_DAYS", Duration.ofDays(keep.taskOutputDays()), 200,
                        TASK_OUTPUTS)));
    }

    /**
     * How long an ended session is kept: the retention setting, but never less than an access token
     * issued in it is accepted (its expiry plus the clock skew), and the replica's clock that sets the
     * cutoff may be a few minutes off the database's that stamped {@code revoked_at}.
     */
    static Duration sessionKeep(Duration retention, Duration accessTokenTtl, int clockSkewSeconds) {
        return longest(retention, accessTokenTtl.plusSeconds(Math.max(0, clockSkewSeconds)).plus(CLOCKS_APART));
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
