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

        /** Failed logins for one (username, client IP) before it is locked. */
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
