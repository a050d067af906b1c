package dev.servermonitor.common.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.servermonitor.common.config.Secret;

/**
 * Whatever .env.example ships for a secret must never pass validation: copying it unchanged is an
 * error.
 */
class EnvExampleSecretsTest {

    @Test
    void everySecretValueShippedInEnvExampleIsRejected() throws Exception {
        Path example = Path.of("..", ".env.example");
        assertThat(example).exists();
        int checked = 0;
        for (String line : Files.readAllLines(example)) {
            if (line.isBlank() || line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            String name = line.substring(0, line.indexOf('=')).strip();
            String value = line.substring(line.indexOf('=') + 1).strip();
            for (Secret secret : Secret.values()) {
                if (secret.name().equals(name)) {
                    assertThat(SecretValidator.problem(secret, Optional.of(value))).as(name).isPresent();
                    checked++;
                }
            }
        }
        assertThat(checked).as("every validated secret is listed in .env.example").isEqualTo(Secret.values().length);
    }
}
