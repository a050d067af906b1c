package dev.servermonitor.api.sshkey;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/** Master-key rotation with KEY_VAULT_MASTER_KEY_NEXT configured. */
@QuarkusTest
@TestProfile(VaultRotationTest.WithNextKey.class)
class VaultRotationTest {

    static final String NEXT = "test-only-next-vault-master-key-5a6b7c8d9e0f";

    public static class WithNextKey implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("KEY_VAULT_MASTER_KEY_NEXT", NEXT);
        }
    }

    @Inject
    DataSource db;

    private final SecretBox current = SshKeyVaultTest.currentVaultBox();
    private final SecretBox next = new SecretBox(NEXT, VaultKeys.PURPOSE);

    @Test
    void rotationResealsEveryKeyWithTheNextMasterKeyInOneGo() {
        List<Long> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String text = TestKeys.generate("ed25519", false, "").privateKey();
            texts.add(text);
            ids.add(insertSealed(current.seal(text)));
        }
        long admin = TestUsers.create(db, "admin");

        given().auth().oauth2(TestTokens.valid(admin, TestUsers.username(db, admin), "x")).post("/api/ssh-keys/rotate")
                .then().statusCode(200).body("keyId", equalTo(next.keyId()));

        for (int i = 0; i < ids.size(); i++) {
            Sealed stored = stored(ids.get(i));
            assertThat(stored.keyId()).isEqualTo(next.keyId());
            assertThat(next.openString(stored)).isEqualTo(texts.get(i));
        }
        assertThat(DbRows.audit(db, "ssh_key.rotate", null)).isNotEmpty();
        assertThat(DbRows.query(db, "select key_id from vault_key_check").get(0).get("key_id"))
                .as("the verification value moves with the keys").isEqualTo(next.keyId());
    }

    /** The other tests' instance runs without the next key: the vault must stay openable for it. */
    @AfterEach
    void sealTheVerificationValueWithTheCurrentKeyAgain() {
        VaultKeyCheckTest.sealVerificationWith(db, current);
    }

    @Test
    void aRotationThatFailsMidwayLeavesEveryKeyAsItWas() {
        long good = insertSealed(current.seal("first key text"));
        // sealed under a master key nobody configured: rotation cannot open it and must give up
        long unreadable = insertSealed(
                new SecretBox("a-master-key-nobody-configured-0000", VaultKeys.PURPOSE).seal("x"));
        long alsoGood = insertSealed(current.seal("third key text"));
        long admin = TestUsers.create(db, "admin");
        try {
            given().auth().oauth2(TestTokens.valid(admin, TestUsers.username(db, admin), "x"))
                    .post("/api/ssh-keys/rotate").then().statusCode(500);

            assertThat(current.openString(stored(good))).isEqualTo("first key text");
            assertThat(current.openString(stored(alsoGood))).isEqualTo("third key text");
        } finally {
            DbRows.execute(db, "delete from ssh_keys where id = ?", unreadable);
        }
    }

    @Test
    void whileANextKeyIsConfiguredNewKeysAreSealedWithIt() {
        long operator = TestUsers.create(db, "operator");
        int id = given().auth().oauth2(TestTokens.valid(operator, TestUsers.username(db, operator), "x"))
                .contentType("application/json")
                .body(Map.of("name", "new-" + UUID.randomUUID(), "privateKey",
                        TestKeys.generate("ed25519", false, "").privateKey()))
                .post("/api/ssh-keys").then().statusCode(201).extract().path("id");
        assertThat(stored(id).keyId()).isEqualTo(next.keyId());
    }

    private long insertSealed(Sealed s) {
        return (Long) DbRows.query(db, "insert into ssh_keys (name, key_type, public_key, fingerprint,"
                + " private_key_sealed, private_key_nonce, key_id) values (?, 'ssh-ed25519', 'k', 'SHA256:x', ?, ?, ?)"
                + " returning id", "rot-" + UUID.randomUUID(), s.ciphertext(), s.nonce(), s.keyId()).get(0).get("id");
    }

    private Sealed stored(long id) {
        Map<String, Object> row = DbRows.query(db, "select * from ssh_keys where id = ?", id).get(0);
        return new Sealed((String) row.get("key_id"), (byte[]) row.get("private_key_nonce"),
                (byte[]) row.get("private_key_sealed"));
    }
}
