package dev.servermonitor.api.setup;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.api.user.PasswordHasher;
import dev.servermonitor.api.user.PasswordPolicy;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.schema.SchemaMigrated;

/**
 * With {@code ADMIN_BOOTSTRAP_PASSWORD} set, creates user {@code admin} once the schema exists and
 * no user does.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    static final String USERNAME = "admin";

    private final ApiConfig config;
    private final SetupService setup;
    private final PasswordHasher hasher;
    private final Pool pool;

    public AdminBootstrap(ApiConfig config, SetupService setup, PasswordHasher hasher, Pool pool) {
        this.config = config;
        this.setup = setup;
        this.hasher = hasher;
        this.pool = pool;
    }

    /** Runs on the migrating thread (never the event loop), so it may wait. */
    void onSchemaReady(@Observes SchemaMigrated migrated) {
        config.auth().adminBootstrapPassword().ifPresent(this::bootstrap);
    }

    /** True when it created the admin. */
    boolean bootstrap(String password) {
        try {
            PasswordPolicy.check("ADMIN_BOOTSTRAP_PASSWORD", password);
        } catch (ApiException weak) {
            LOG.errorf("Not creating the bootstrap admin: %s", weak.getMessage());
            return false;
        }
        if (!setup.needsSetup().await().atMost(Duration.ofSeconds(30))) {
            return false;
        }
        try {
            String hash = hasher.hash(password).await().atMost(Duration.ofSeconds(30));
            pool.withTransaction(tx -> setup.createFirstAdmin(tx, USERNAME, null, hash, "setup.bootstrap",
                    RequestOrigin.SYSTEM)).await().atMost(Duration.ofSeconds(30));
            LOG.infof("Created user '%s' from ADMIN_BOOTSTRAP_PASSWORD; change the password after the first login",
                    USERNAME);
            return true;
        } catch (ApiException alreadyDone) {
            return false;
        }
    }
}
