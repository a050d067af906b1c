package dev.servermonitor.common.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.api.MigrationVersion;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

import dev.servermonitor.common.schema.SchemaMigrator;
import dev.servermonitor.common.schema.SchemaVersion;

/** Ready only when the database holds every migration this build ships (a newer schema is fine). */
@ApplicationScoped
public class SchemaCheck implements ReadinessCheck {

    static final String CURRENT_VERSION = "select version from flyway_schema_history"
            + " where success and version is not null order by installed_rank desc limit 1";

    private final Pool pool;
    private final SchemaMigrator migrator;

    public SchemaCheck(Pool pool, SchemaMigrator migrator) {
        this.pool = pool;
        this.migrator = migrator;
    }

    @Override
    public String name() {
        return "schema";
    }

    @Override
    public Uni<CheckResult> check() {
        return pool.query(CURRENT_VERSION).execute().map(this::judge).onFailure()
                .recoverWithItem(e -> CheckResult.fail("not migrated: " + migrator.lastError()));
    }

    private CheckResult judge(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return CheckResult.fail("no migration applied yet: " + migrator.lastError());
        }
        String current = rows.iterator().next().getString(0);
        MigrationVersion expected = MigrationVersion.fromVersion(SchemaVersion.EXPECTED);
        if (MigrationVersion.fromVersion(current).compareTo(expected) < 0) {
            return CheckResult.fail("at version " + current + ", this build expects " + SchemaVersion.EXPECTED);
        }
        return CheckResult.ok("at version " + current + " (expects " + SchemaVersion.EXPECTED + ")");
    }
}
