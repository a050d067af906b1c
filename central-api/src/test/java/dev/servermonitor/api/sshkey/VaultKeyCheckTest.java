package dev.servermonitor.api.sshkey;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.health.CheckResult;
import dev.servermonitor.common.schema.SchemaMigrated;
import dev.servermonitor.common.testing.DbRows;

@QuarkusTest
class VaultKeyCheckTest {

    @Inject
    DataSource db;

    @Inject
    VaultKeyCheck check;

    private final SecretBox current = SshKeyVaultTest.currentVaultBox();

    @Test
    void theConfiguredKeyOpensTheVaultAndReadinessSaysSo() {
        assertThat(DbRows.query(db, "select key_id from vault_key_check").get(0).get("key_id"))
                .isEqualTo(current.keyId());
        assertThat(result().ok()).isTrue();
        given().get("/api/ready").then().statusCode(200).body("checks.vault.status", equalTo("ok"));
    }

    @Test
    void aKeyThatDoesNotOpenTheVaultMakesTheServiceNotReadyNamingTheVariable() {
        sealVerificationWith(db, new SecretBox("the-key-the-vault-was-really-made-with-0", VaultKeys.PURPOSE));
        check.onSchemaReady(new SchemaMigrated());

        CheckResult r = result();
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).contains("KEY_VAULT_MASTER_KEY does not open the key vault")
                .doesNotContain(current.keyId()).doesNotContain("test-only-vault-master-key");
        given().get("/api/ready").then().statusCode(503).body("checks.vault.status", equalTo("fail"));
    }

    @Test
    void aTamperedVerificationValueIsNotAccepted() {
        Sealed good = current.seal(VaultKeyCheck.PLAINTEXT);
        byte[] bad = good.ciphertext().clone();
        bad[0] ^= 1;
        write(db, new Sealed(good.keyId(), good.nonce(), bad));
        check.onSchemaReady(new SchemaMigrated());
        assertThat(result().ok()).isFalse();
    }

    @Test
    void onAFirstStartStoredKeysSealedOnlyWithOtherKeysMeanTheKeyIsWrong() {
        DbRows.execute(db, "delete from vault_key_check");
        List<Object> hidden = DbRows.query(db, "update ssh_keys set deleted_at = now() where deleted_at is null"
                + " and key_id = ? returning id", current.keyId()).stream().map(row -> row.get("id")).toList();
        Sealed foreign = new SecretBox("a-master-key-nobody-configured-1111", VaultKeys.PURPOSE).seal("x");
        Object id = DbRows.query(db, "insert into ssh_keys (name, key_type, public_key, fingerprint,"
                + " private_key_sealed, private_key_nonce, key_id) values ('foreign-vault-key', 'ssh-ed25519', 'k',"
                + " 'SHA256:x', ?, ?, ?) returning id", foreign.ciphertext(), foreign.nonce(), foreign.keyId()).get(0)
                .get("id");
        try {
            check.onSchemaReady(new SchemaMigrated());
            assertThat(result().ok()).isFalse();
            assertThat(DbRows.query(db, "select * from vault_key_check")).as("nothing sealed with a wrong key")
                    .isEmpty();
        } finally {
            DbRows.execute(db, "delete from ssh_keys where id = ?", id);
            for (Object other : hidden) {
                DbRows.execute(db, "update ssh_keys set deleted_at = null where id = ?", other);
            }
        }
        check.onSchemaReady(new SchemaMigrated());
        assertThat(result().ok()).as("no foreign keys left: a new verification value").isTrue();
    }

    @AfterEach
    void restore() {
        sealVerificationWith(db, current);
        check.onSchemaReady(new SchemaMigrated());
    }

    private CheckResult result() {
        return check.check().await().atMost(Duration.ofSeconds(5));
    }

    /** Stores the vault's verification value sealed with {@code box}. */
    static void sealVerificationWith(DataSource db, SecretBox box) {
        write(db, box.seal(VaultKeyCheck.PLAINTEXT));
    }

    private static void write(DataSource db, Sealed s) {
        DbRows.execute(db, "insert into vault_key_check (key_id, nonce, sealed) values (?, ?, ?) on conflict (id)"
                + " do update set key_id = excluded.key_id, nonce = excluded.nonce, sealed = excluded.sealed",
                s.keyId(), s.nonce(), s.ciphertext());
    }
}
