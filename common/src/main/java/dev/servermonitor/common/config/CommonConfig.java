package dev.servermonitor.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What every service configures the shared foundation with (each service sets its own values). */
@ConfigMapping(prefix = "servermonitor")
public interface CommonConfig {

    /** {@code SERVER_HOST_DENY} when unset: what no managed server can be. */
    String SERVER_HOST_DENY_DEFAULT = "metadata,unspecified,broadcast,multicast";

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

    /**
     * How often this instance writes its heartbeat row ({@code service_instances.last_seen_at}); an
     * instance three beats late is treated as gone by the others.
     */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /** How long database work may take before a request is refused with 503. */
    Database database();

    interface Database {

        /**
         * How long a request waits for a pooled connection ({@code DB_ACQUIRE_TIMEOUT}); with every
         * connection busy or stuck, the request is refused after this instead of queueing.
         */
        @WithDefault("1s")
        Duration acquireTimeout();

        /**
         * The longest one statement may run ({@code DB_QUERY_TIMEOUT}): PostgreSQL cancels a slower
         * statement itself ({@code statement_timeout}), and half a second later the client gives up on any
         * call the database has not answered (a frozen server, a dead network), so its request fails
         * instead of hanging.
         */
        @WithDefault("3s")
        Duration queryTimeout();

        /**
         * A statement slower than this many milliseconds ({@code DB_SLOW_QUERY_MS}) is logged at WARN with
         * its name and duration (never its parameters) and counted in
         * {@code servermonitor_db_slow_queries_total}.
         */
        @WithDefault("500")
        long slowQueryMs();

        /** How long PostgreSQL keeps a transaction that its client left idle before ending it. */
        @WithDefault("30s")
        Duration idleInTransactionTimeout();
    }

    /** Which server hosts SSH may connect to. */
    ServerHost serverHost();

    interface ServerHost {

        /**
         * Hosts refused as SSH targets ({@code SERVER_HOST_DENY}): categories, addresses, CIDR ranges and
         * host names, comma-separated, or {@code none} (the host package's HostDenyList has the syntax).
         */
        @WithDefault(SERVER_HOST_DENY_DEFAULT)
        String deny();
    }

    /** The scheduled removal of what has outlived its retention (each service's own sweeps). */
    Cleanup cleanup();

    interface Cleanup {

        /** {@code CLEANUP_ENABLED}; {@code false} keeps every row (the audit log has its own switch). */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often the cleanup runs ({@code CLEANUP_INTERVAL}); the first run is a few seconds after
         * start.
         */
        @WithDefault("6h")
        Duration interval();
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
