package dev.servermonitor.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * websocket-monitor's own settings (the shared ones are in CommonConfig); variables in
 * .env.example.
 */
@ConfigMapping(prefix = "monitor")
public interface MonitorConfig {

    /** central-api's base URL for {@code /internal/ssh-credentials} ({@code CENTRAL_API_URL}). */
    @WithDefault("http://127.0.0.1:9083")
    String centralApiUrl();

    /**
     * The token this service presents on central-api's {@code /internal/**}
     * ({@code INTERNAL_API_TOKEN}).
     */
    Optional<String> internalApiToken();

    /** Collection. */
    Poll poll();

    /** The live stats socket. */
    Stream stream();

    /** Stored samples. */
    History history();

    /** Threshold alerts. */
    Alerts alerts();

    interface Poll {

        /** Time between two polls of one server, at least 1 s ({@code MONITOR_POLL_INTERVAL}). */
        @WithDefault("5s")
        Duration interval();

        /** One poll's command, start to finish ({@code MONITOR_POLL_TIMEOUT}). */
        @WithDefault("10s")
        Duration timeout();

        /** TCP connect plus key exchange ({@code MONITOR_SSH_CONNECT_TIMEOUT}). */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Authentication ({@code MONITOR_SSH_AUTH_TIMEOUT}). */
        @WithDefault("10s")
        Duration authTimeout();

        /**
         * An SSH keepalive on each server's session this often ({@code MONITOR_SSH_KEEPALIVE}); three
         * unanswered in a row and the session is closed as dead and reconnected with backoff.
         */
        @WithDefault("15s")
        Duration sshKeepalive();

        /**
         * Connection attempts (credentials, TCP, key exchange, authentication) in flight at once; the rest
         * wait their turn ({@code MONITOR_MAX_CONCURRENT_CONNECTS}).
         */
        @WithDefault("32")
        int maxConcurrentConnects();

        /**
         * Collect at all; off for a replica that only streams and serves history ({@code MONITOR_COLLECT}).
         */
        @WithDefault("true")
        boolean enabled();
    }

    interface Stream {

        /**
         * Browser origins allowed to open {@code /ws/monitor}, exact {@code scheme://host[:port]}
         * ({@code MONITOR_ALLOWED_ORIGINS}, comma-separated).
         */
        Optional<List<String>> allowedOrigins();

        /** Open sockets per user on this instance ({@code MONITOR_MAX_SOCKETS_PER_USER}). */
        @WithDefault("20")
        int maxSocketsPerUser();

        /** Open sockets on this instance ({@code MONITOR_MAX_SOCKETS}). */
        @WithDefault("20000")
        int maxSockets();

        /**
         * A client whose oldest unsent message is older than this is closed as too slow
         * ({@code MONITOR_CLIENT_STALL_TIMEOUT}).
         */
        @WithDefault("30s")
        Duration stallTimeout();

        /**
         * How often every open socket's user is checked again: deleted, disabled, signed out or no longer
         * allowed closes it ({@code MONITOR_ACCESS_RECHECK_INTERVAL}, at most 60 s).
         */
        @WithDefault("30s")
        Duration accessRecheckInterval();
    }

    interface History {

        /** Samples older than this many days are deleted ({@code MONITOR_RETENTION_DAYS}). */
        @WithDefault("7")
        int retentionDays();

        /** Samples are written in one batch per this interval ({@code MONITOR_FLUSH_INTERVAL}). */
        @WithDefault("1s")
        Duration flushInterval();

        /** How often the retention job runs ({@code MONITOR_RETENTION_INTERVAL}). */
        @WithDefault("1h")
        Duration retentionInterval();
    }

    interface Alerts {

        /**
         * Polls in a row a value must stay over a threshold before an alert opens
         * ({@code MONITOR_ALERT_FOR}).
         */
        @WithDefault("2")
        int forPolls();

        /** Days a resolved alert is kept, with its outbox rows ({@code ALERT_RETENTION_DAYS}). */
        @WithDefault("90")
        int retentionDays();

        /** Days a delivered notification's outbox row is kept ({@code ALERT_OUTBOX_RETENTION_DAYS}). */
        @WithDefault("7")
        int outboxRetentionDays();
    }
}
