package dev.servermonitor.common.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import dev.servermonitor.common.config.CommonConfig;
import dev.servermonitor.common.schema.SchemaMigrated;

/**
 * Runs the service's {@link Cleanup} beans a few seconds after the schema is ready and then every
 * {@code CLEANUP_INTERVAL}, unless {@code CLEANUP_ENABLED=false}. The interval is checked and the
 * cleanups are built at start, so a setting out of range stops the service with a message naming
 * it.
 */
@ApplicationScoped
public class CleanupSchedule {

    private static final Logger LOG = Logger.getLogger(CleanupSchedule.class);
    static final long FIRST_RUN_MS = 5_000;

    private final Vertx vertx;
    private final Instance<Cleanup> cleanups;
    private final CommonConfig.Cleanup config;
    private final List<Long> timers = new ArrayList<>();

    public CleanupSchedule(Vertx vertx, Instance<Cleanup> cleanups, CommonConfig config) {
        this.vertx = vertx;
        this.cleanups = cleanups;
        this.config = config.cleanup();
    }

    void validate(@Observes StartupEvent event) {
        if (config.interval().compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "CLEANUP_INTERVAL must be at least one minute, not " + config.interval());
        }
        cleanups.forEach(Cleanup::sweeps);
    }

    synchronized void start(@Observes SchemaMigrated migrated) {
        if (!config.enabled() || !timers.isEmpty()) {
            return;
        }
        long every = config.interval().toMillis();
        for (Cleanup cleanup : cleanups) {
            timers.add(vertx.setPeriodic(FIRST_RUN_MS, every, id -> cleanup.run(Instant.now()).subscribe().with(
                    done -> {
                    }, e -> LOG.warnf("Cleanup did not run; next try in %s: %s", config.interval(), e.getMessage()))));
        }
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
    }
}
