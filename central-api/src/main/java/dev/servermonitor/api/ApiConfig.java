package dev.servermonitor.api;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** central-api's own settings (the shared ones are in CommonConfig). */
@ConfigMapping(prefix = "api")
public interface ApiConfig {

    /** Login, tokens and passwords. */
    Auth auth();

    /** The SSH key vault. */
    Vault vault();

    /**
     * Encrypts server passwords at rest ({@code ENCRYPTION_KEY}); validated at start by SecretGuard.
     */
    Optional<String> encryptionKey();

    /** Audit log retention. */
    Audit audit();

    /** How long what the cleanup removes is kept (docs/configuration.md "Retention"). */
    Retention retention();

    interface Retention {

        /**
         * Days an ended sign-in session (every token expired or revoked) is kept
         * ({@code REFRESH_TOKEN_RETENTION_DAYS}); never less than an access token's lifetime.
         */
        @WithDefault("7")
        int refreshTokenDays();

        /**
         * Days a service instance's row is kept after its last heartbeat
         * ({@code SERVICE_INSTANCE_RETENTION_DAYS}).
         */
        @WithDefault("7")
        int serviceInstanceDays();

        /** Days a finished task's output is kept; the row stays ({@code TASK_OUTPUT_RETENTION_DAYS}). */
        @WithDefault("30")
        int taskOutputDays();
    }

    /** What the web UI is told about the other services. */
    Ui ui();

    interface Ui {

        /**
         * terminal-gateway's public base URL as browsers reach it, e.g.
         * {@code https://monitor.example/terminal} ({@code UI_GATEWAY_URL}); unset: the UI's own host on
         * port 9084.
         */
        Optional<String> gatewayUrl();

        /**
         * websocket-monitor's public base URL as browsers reach it ({@code UI_MONITOR_URL}); unset: the
         * UI's own host on port 9085.
         */
        Optional<String> monitorUrl();
    }

    interface Audit {

        /** Rows older than this many days are deleted ({@code AUDIT_RETENTION_DAYS}). */
        @WithDefault("90")
        int retentionDays();

        /** {@code AUDIT_CLEANUP_ENABLED}. */
        @WithDefault("true")
        boolean cleanupEnabled();

        /** Hours between cleanups; one also runs at start ({@code AUDIT_CLEANUP_INTERVAL_HOURS}). */
        @WithDefault("24")
        int cleanupIntervalHours();
    }

    /**
     * The token terminal-gateway and websocket-monitor present on {@code /internal/**}
     * ({@code INTERNAL_API_TOKEN}).
     */
    Optional<String> internalApiToken();

    /** Remote tasks: the safety policy, the queue and its workers. */
    Tasks tasks();

    interface Tasks {

        /** Longest command accepted, in characters ({@code TASK_COMMAND_MAX_LENGTH}). */
        @WithDefault("10000")
        int commandMaxLength();

        /** {@code denylist} or {@code allowlist} ({@code TASK_POLICY_MODE}); checked at start. */
        @WithDefault("denylist")
        String policyMode();

        /** Extra deny regexes, comma-separated, {@code \,} for a comma ({@code TASK_DENY_PATTERNS}). */
        Optional<String> denyPatterns();

        /** Extra allow regexes for allowlist mode, same syntax ({@code TASK_ALLOW_PATTERNS}). */
        Optional<String> allowPatterns();

        /** Tasks this instance runs at once; 0 runs none here ({@code TASKS_NUM_WORKERS}). */
        @WithDefault("4")
        int numWorkers();

        /**
         * Tasks running at once on one server, across all instances ({@code TASKS_CONCURRENT_PER_SERVER}).
         */
        @WithDefault("1")
        int concurrentPerServer();

        /** Bytes kept of stdout and of stderr each ({@code TASKS_OUTPUT_MAX_BYTES}). */
        @WithDefault("65536")
        int outputMaxBytes();

        /** Task creations per user per minute ({@code TASKS_CREATE_PER_MINUTE}). */
        @WithDefault("20")
        int createPerMinute();

        /**
         * How often idle workers look for work queued on other instances and running tasks heartbeat
         * ({@code TASKS_POLL_INTERVAL}).
         */
        @WithDefault("1s")
        Duration pollInterval();

        /** After SIGTERM to a cancelled or timed-out command's processes, wait this long before SIGKILL. */
        @WithDefault("2s")
        Duration killGrace();
    }

    /** Outgoing SSH (host-key fetch, connection test). */
    Ssh ssh();

    interface Ssh {

        /** TCP connect plus key exchange. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Authentication once connected. */
        @WithDefault("10s")
        Duration authTimeout();

        /** The connection test's harmless command. */
        @WithDefault("15s")
        Duration commandTimeout();

        /**
         * A keepalive on a task's SSH session this often ({@code SSH_KEEPALIVE}); three unanswered in a row
         * and the server is taken for dead: the task fails with {@code ssh_lost}.
         */
        @WithDefault("15s")
        Duration keepalive();
    }

    interface Vault {

        /** Derives the key that seals private keys ({@code KEY_VAULT_MASTER_KEY}). */
        Optional<String> masterKey();

        /**
         * The master key to rotate to ({@code KEY_VAULT_MASTER_KEY_NEXT}): while set, new values are sealed
         * with it and {@code POST /api/ssh-keys/rotate} re-seals every stored one.
         */
        Optional<String> masterKeyNext();
    }

    interface Auth {

        /** Lifetime of an access JWT ({@code JWT_ACCESS_TTL}). */
        @WithDefault("15m")
        Duration accessTokenTtl();

        /** Lifetime of a refresh token; each use rotates it ({@code JWT_REFRESH_TTL}). */
        @WithDefault("7d")
        Duration refreshTokenTtl();

        /** Failed logins for one (account, client IP) before it is locked. */
        @WithDefault("5")
        int maxLoginFailures();

        /** How long failures count, and so the longest a lockout lasts. */
        @WithDefault("300s")
        Duration loginFailureWindow();

        /** bcrypt cost factor for new password hashes. */
        @WithDefault("12")
        int bcryptCost();

        /**
         * Creates user {@code admin} with this password at start while no user exists
         * ({@code ADMIN_BOOTSTRAP_PASSWORD}).
         */
        Optional<String> adminBootstrapPassword();
    }
}
