package dev.servermonitor.common.schema;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.servermonitor.common.config.CommonConfig;
import dev.servermonitor.common.logging.Causes;

/**
 * Migrates the shared schema at start. A database that is down does not stop the service: it
 * starts, reports not ready, and keeps retrying in the background until the migration succeeds.
 * Concurrent starts of several services are serialised by Flyway's Postgres advisory lock.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);

    private final Flyway flyway;
    private final CommonConfig config;
    private final Event<SchemaMigrated> migratedEvent;
    private ScheduledExecutorService retries;
    private volatile boolean migrated;
    private volatile String lastError = "migration not attempted yet";

    public SchemaMigrator(Flyway flyway, CommonConfig config, Event<SchemaMigrated> migratedEvent) {
        this.flyway = flyway;
        this.config = config;
        this.migratedEvent = migratedEvent;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        if (attempt()) {
            return;
        }
        retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "schema-migration-retry");
            t.setDaemon(true);
            return t;
        });
        long every = config.schema().retryInterval().toMillis();
        retries.scheduleWithFixedDelay(() -> {
            if (attempt()) {
                retries.shutdown();
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    private synchronized boolean attempt() {
        if (migrated) {
            return true;
        }
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (RuntimeException e) {
            lastError = Causes.rootMessage(e);
            LOG.warnf("Schema migration failed, retrying every %s: %s", config.schema().retryInterval(), lastError);
            return false;
        }
        migrated = true;
        LOG.infof("Schema at version %s (%d migration(s) applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : SchemaVersion.EXPECTED,
                result.migrationsExecuted);
        try {
            migratedEvent.fire(new SchemaMigrated());
        } catch (RuntimeException e) {
            LOG.error("A start-up step that needs the schema failed", e);
        }
        return true;
    }

    public boolean migrated() {
        return migrated;
    }

    /** Why the last migration attempt failed (meaningful while {@link #migrated()} is false). */
    public String lastError() {
        return lastError;
    }
}
