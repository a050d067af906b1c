package dev.servermonitor.api.sshkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;

/**
 * A KEY_VAULT_MASTER_KEY that does not open the vault stops the packaged service in production,
 * naming the variable and never its value; elsewhere it starts not ready.
 */
class VaultKeyStartupIT {

    private static final String WRONG = "a-wrong-vault-master-key-0f1e2d3c4b5a6978";

    private final DataSource db = TestDatabase.of("central_api");

    @BeforeEach
    void theVaultWasMadeWithTheTestKey() {
        VaultKeyCheckTest.sealVerificationWith(db, new SecretBox(ServiceProcess.TEST_VAULT_KEY, VaultKeys.PURPOSE));
    }

    @Test
    void inProductionAWrongVaultKeyStopsTheStartNamingTheVariable() {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("KEY_VAULT_MASTER_KEY", WRONG);
        env.put("ENVIRONMENT", "production");
        try (ServiceProcess api = ServiceProcess.start("central_api", env)) {
            Integer exit = api.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("the service stopped by itself; output: %s", api.output()).isNotNull().isNotZero();
            List<String> out = api.output();
            assertThat(out).anySatisfy(l -> assertThat(l).contains("ERROR")
                    .contains("KEY_VAULT_MASTER_KEY does not open the key vault").contains("refusing to start"));
            assertThat(out).noneMatch(l -> l.contains(WRONG) || l.contains(ServiceProcess.TEST_VAULT_KEY));
        }
    }

    @Test
    void inProductionTheRightKeyStartsReady() {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("ENVIRONMENT", "production");
        try (ServiceProcess api = ServiceProcess.start("central_api", env)) {
            api.awaitReady(Duration.ofSeconds(60));
        }
    }

    @Test
    void outsideProductionAWrongVaultKeyStartsNotReady() {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("KEY_VAULT_MASTER_KEY", WRONG);
        try (ServiceProcess api = ServiceProcess.start("central_api", env)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/health") == 200);
            assertThat(api.get("/api/ready")).isEqualTo(503);
            assertThat(api.alive()).isTrue();
            assertThat(api.output()).anySatisfy(l -> assertThat(l).contains("WARN")
                    .contains("KEY_VAULT_MASTER_KEY does not open the key vault"));
        }
    }
}
