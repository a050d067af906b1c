package dev.servermonitor.common.config;

import java.util.List;

/**
 * The secrets the services validate at start, by their environment variable names, with minimum
 * lengths.
 */
public enum Secret {

    JWT_SECRET(32),
    ENCRYPTION_KEY(24),
    KEY_VAULT_MASTER_KEY(32),
    INTERNAL_API_TOKEN(32);

    /** Further variables whose values are masked in logs but have no length rule. */
    public static final List<String> REDACT_ONLY = List.of("DB_PASSWORD", "ADMIN_BOOTSTRAP_PASSWORD",
            "KEY_VAULT_MASTER_KEY_NEXT");

    private final int minLength;

    Secret(int minLength) {
        this.minLength = minLength;
    }

    public int minLength() {
        return minLength;
    }
}
