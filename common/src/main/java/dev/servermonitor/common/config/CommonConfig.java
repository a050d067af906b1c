package dev.servermonitor.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.servermonitor.common.host.HostDenyList;
import dev.servermonitor.common.secret.Secret;

/** What every service configures the shared foundation with (each service sets its own values). */
@ConfigMapping(prefix = "servermonitor")
public interface CommonConfig {

    /**
     * The service name written in logs and health responses: central_api, terminal_gateway,
     * websocket_monitor.
     */
    String service();

    /** Deployment environment ({@code ENVIRONMENT}); production or prod makes bad secrets fatal. */
    @WithDefault("development")
    String environment();

    /** The secrets this service uses; only these are validated at start and checked by readiness. */
    List<Secret> requiredSecrets();

    /** Schema migration settings. */
    Schema schema();

    /** Which server hosts SSH may connect to. */
    ServerHost serverHost();

    interface ServerHost {

        /**
         * Hosts refused as SSH targets ({@code SERVER_HOST_DENY}): categories, addresses, CIDR ranges and
         * host names, comma-separated, or {@code none} (HostDenyList has the syntax).
         */
        @WithDefault(HostDenyList.DEFAULT)
        String deny();
    }

    interface Schema {

        /** How long to wait between migration attempts while the database is unreachable. */
        @WithDefault("5s")
        Duration retryInterval();
    }

    default boolean production() {
        String env = environment().trim().toLowerCase(Locale.ROOT);
        return env.equals("production") || env.equals("prod");
    }
}
