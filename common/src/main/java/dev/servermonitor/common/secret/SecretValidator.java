package dev.servermonitor.common.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.servermonitor.common.config.Secret;

/**
 * Judges secret values: present, long enough, not a placeholder. Pure, so the rules are
 * unit-tested.
 */
public final class SecretValidator {

    /**
     * Values that are public knowledge: the common placeholders and the exact value .env.example ships
     * for every secret. Compared case-insensitively.
     */
    static final Set<String> PLACEHOLDERS = Set.of("changeme", "change-me", "change_me", "changeit",
            "your-secret-key", "your_secret_key", "yoursecretkey", "secret", "password", "replace_me",
            "replace_with_secure_random_value", "generate-with-openssl-rand-base64-48");

    private SecretValidator() {
    }

    public static List<SecretProblem> validate(Map<Secret, Optional<String>> values) {
        List<SecretProblem> problems = new ArrayList<>();
        values.forEach((secret, value) -> problem(secret, value).ifPresent(problems::add));
        problems.sort((a, b) -> a.secret().compareTo(b.secret()));
        return problems;
    }

    static Optional<SecretProblem> problem(Secret secret, Optional<String> value) {
        String v = value.map(String::strip).orElse("");
        if (v.isEmpty()) {
            return Optional.of(new SecretProblem(secret, "is not set"));
        }
        if (isPlaceholder(v)) {
            return Optional.of(new SecretProblem(secret, "is a known placeholder value"));
        }
        if (v.chars().distinct().count() == 1) {
            return Optional.of(new SecretProblem(secret, "is one repeated character"));
        }
        if (v.length() < secret.minLength()) {
            return Optional.of(new SecretProblem(secret,
                    "is too short (" + v.length() + " chars, needs at least " + secret.minLength() + ")"));
        }
        return Optional.empty();
    }

    private static boolean isPlaceholder(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        return PLACEHOLDERS.contains(lower) || lower.contains("replace_with") || lower.contains("changeme")
                || lower.contains("your-secret");
    }

    /** One line naming every bad variable and why, for the startup log. */
    public static String describe(List<SecretProblem> problems) {
        StringBuilder line = new StringBuilder("Invalid secrets: ");
        for (int i = 0; i < problems.size(); i++) {
            if (i > 0) {
                line.append("; ");
            }
            line.append(problems.get(i));
        }
        return line.toString();
    }
}
