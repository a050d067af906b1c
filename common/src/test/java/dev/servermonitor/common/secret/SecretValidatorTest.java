package dev.servermonitor.common.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.servermonitor.common.config.Secret;

class SecretValidatorTest {

    private static final String GOOD_32 = "k8Jd2nQ0vX7pL4sR1tY6wZ3mB9cF5hG0";

    @Test
    void acceptsLongRandomValues() {
        assertThat(SecretValidator.validate(all(GOOD_32))).isEmpty();
    }

    @Test
    void missingAndBlankAreReported() {
        Map<Secret, Optional<String>> values = all(GOOD_32);
        values.put(Secret.JWT_SECRET, Optional.empty());
        values.put(Secret.INTERNAL_API_TOKEN, Optional.of("   "));
        assertThat(SecretValidator.validate(values)).extracting(SecretProblem::toString)
                .containsExactly("JWT_SECRET is not set", "INTERNAL_API_TOKEN is not set");
    }

    @Test
    void eachSecretHasItsOwnMinimumLength() {
        assertThat(SecretValidator.problem(Secret.JWT_SECRET, Optional.of(GOOD_32.substring(0, 31)))).get()
                .extracting(SecretProblem::reason).asString().contains("too short (31 chars, needs at least 32)");
        assertThat(SecretValidator.problem(Secret.ENCRYPTION_KEY, Optional.of(GOOD_32.substring(0, 24)))).isEmpty();
        assertThat(SecretValidator.problem(Secret.ENCRYPTION_KEY, Optional.of(GOOD_32.substring(0, 23)))).isPresent();
        assertThat(SecretValidator.problem(Secret.KEY_VAULT_MASTER_KEY, Optional.of(GOOD_32.substring(0, 30))))
                .isPresent();
    }

    @Test
    void knownPlaceholdersAreRejectedWhateverTheirLength() {
        for (String placeholder : List.of("changeme", "CHANGEME-please-0123456789-0123456789", "your-secret-key",
                "REPLACE_WITH_SECURE_RANDOM_VALUE", "replace_with_something_long_enough_to_pass")) {
            assertThat(SecretValidator.problem(Secret.JWT_SECRET, Optional.of(placeholder))).as(placeholder).get()
                    .extracting(SecretProblem::reason).isEqualTo("is a known placeholder value");
        }
    }

    @Test
    void oneRepeatedCharacterIsRejected() {
        assertThat(SecretValidator.problem(Secret.JWT_SECRET, Optional.of("x".repeat(64)))).get()
                .extracting(SecretProblem::reason).isEqualTo("is one repeated character");
    }

    @Test
    void theDescriptionNamesEveryVariableAndNeverAValue() {
        Map<Secret, Optional<String>> values = all(GOOD_32);
        values.put(Secret.JWT_SECRET, Optional.of("short-secret"));
        values.put(Secret.ENCRYPTION_KEY, Optional.of("changeme"));
        String line = SecretValidator.describe(SecretValidator.validate(values));
        assertThat(line).contains("JWT_SECRET is too short").contains("ENCRYPTION_KEY is a known placeholder")
                .doesNotContain("short-secret").doesNotContain("changeme").doesNotContain("\n");
    }

    private static Map<Secret, Optional<String>> all(String value) {
        Map<Secret, Optional<String>> values = new EnumMap<>(Secret.class);
        for (Secret s : Secret.values()) {
            values.put(s, Optional.of(value));
        }
        return values;
    }
}
