package dev.servermonitor.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * terminal-gateway's own settings (the shared ones are in CommonConfig); variables in .env.example.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** central-api's base URL for {@code /internal/ssh-credentials} ({@code CENTRAL_API_URL}). */
    @WithDefault("http://127.0.0.1:9083")
    String centralApiUrl();

    /**
     * The token this service presents on central-api's {@code /internal/**}
     * ({@code INTERNAL_API_TOKEN}).
     */
    Optional<String> internalApiToken();

    /** Who may open a terminal, for how long, how many. */
    Terminal terminal();

    /** Outgoing SSH. */
    Ssh ssh();

    /** Session recordings. */
    Recording recording();

    interface Terminal {

        /**
         * Browser origins allowed to open a terminal, exact {@code scheme://host[:port]}
         * ({@code TERMINAL_ALLOWED_ORIGINS}, comma-separated).
         */
        Optional<List<String>> allowedOrigins();

        /**
         * No input and no output for this many seconds closes the session; 0 disables
         * ({@code TERMINAL_IDLE_TIMEOUT_SECONDS}).
         */
        @WithDefault("1800")
        int idleTimeoutSeconds();

        /** A session's absolute lifetime in seconds; 0 disables ({@code TERMINAL_MAX_SESSION_SECONDS}). */
        @WithDefault("43200")
        int maxSessionSeconds();

        /** Open sessions per user across all gateways ({@code TERMINAL_MAX_SESSIONS_PER_USER}). */
        @WithDefault("10")
        int maxSessionsPerUser();

        /** Open sessions on this instance ({@code TERMINAL_MAX_SESSIONS}). */
        @WithDefault("1000")
        int maxSessions();

        /**
         * How often every open session's user is checked again: deleted, disabled, password changed or no
         * longer admin/operator closes it ({@code TERMINAL_ACCESS_RECHECK_INTERVAL}, at most 60 s).
         */
        @WithDefault("30s")
        Duration accessRecheckInterval();

        /**
         * Output bytes waiting for a slow browser before the gateway stops reading from SSH
         * ({@code TERMINAL_OUTPUT_BUFFER_BYTES}).
         */
        @WithDefault("1048576")
        int outputBufferBytes();
    }

    interface Ssh {

        /** TCP connect plus key exchange ({@code TERMINAL_SSH_CONNECT_TIMEOUT}). */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Authentication ({@code TERMINAL_SSH_AUTH_TIMEOUT}). */
        @WithDefault("10s")
        Duration authTimeout();

        /**
         * SSH keepalive requests on idle sessions, so NATs and firewalls keep them
         * ({@code TERMINAL_SSH_KEEPALIVE}).
         */
        @WithDefault("30s")
        Duration keepaliveInterval();
    }

    interface Recording {

        /** Record each session's output as asciicast v2 ({@code TERMINAL_RECORDING_ENABLED}). */
        @WithDefault("true")
        boolean enabled();

        /** Also record keystrokes, which include typed passwords ({@code TERMINAL_RECORD_INPUT}). */
        @WithDefault("false")
        boolean recordInput();

        /** A recording stops, saying so, past this many bytes ({@code TERMINAL_RECORDING_MAX_BYTES}). */
        @WithDefault("52428800")
        long maxBytes();

        /**
         * Days a recording is kept after its session ended ({@code RECORDING_RETENTION_DAYS}); the
         * session's record stays and says when its recording went.
         */
        @WithDefault("30")
        int retentionDays();
    }
}
