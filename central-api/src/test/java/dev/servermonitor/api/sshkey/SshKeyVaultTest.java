package dev.servermonitor.api.sshkey;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceLog;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

@QuarkusTest
class SshKeyVaultTest {

    @Inject
    DataSource db;

    @Test
    void rsaAndEd25519KeysAreStoredSealedAndOnlyTheirMetadataComesBack() {
        long operator = TestUsers.create(db, "operator");
        for (TestKeys.Generated key : List.of(TestKeys.generate("rsa", true, ""),
                TestKeys.generate("ed25519", false, ""))) {
            Response created = upload(operator, key.privateKey(), null);
            created.then().statusCode(201).body("fingerprint", equalTo(key.fingerprint()))
                    .body("type", equalTo(key.publicKey().split(" ")[0]))
                    .body("publicKey", equalTo(key.publicKey().substring(0, key.publicKey().lastIndexOf(' '))));
            int id = created.path("id");
            String secretPart = secretLine(key.privateKey());

            assertThat(created.asString()).doesNotContain("PRIVATE KEY").doesNotContain(secretPart);
            String listed = as(operator).get("/api/ssh-keys").then().statusCode(200).extract().asString();
            assertThat(listed).doesNotContain(secretPart).doesNotContain("privateKey");
            as(operator).get("/api/ssh-keys/" + id).then().statusCode(200).body("fingerprint",
                    equalTo(key.fingerprint()));

            Map<String, Object> row = row(id);
            byte[] sealed = (byte[]) row.get("private_key_sealed");
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
            Sealed stored = new Sealed((String) row.get("key_id"), (byte[]) row.get("private_key_nonce"), sealed);
            assertThat(currentVaultBox().openString(stored)).isEqualTo(key.privateKey());
            assertThat(ServiceLog.rawLines()).noneMatch(line -> line.contains(secretPart));
            assertThat(DbRows.audit(db, "ssh_key.create", id)).singleElement()
                    .satisfies(a -> assertThat(a.get("meta").toString()).contains(key.fingerprint())
                            .doesNotContain(secretPart));
        }
    }

    @Test
    void rsaUnder3072BitsAndDsaKeysAreRefusedNamingPrivateKey() {
        long operator = TestUsers.create(db, "operator");
        for (TestKeys.Generated weak : List.of(TestKeys.generate("rsa", 2048, false, ""),
                TestKeys.generate("rsa", 2048, true, ""))) {
            upload(operator, weak.privateKey(), null).then().statusCode(400).body("error", equalTo("invalid_key"))
                    .body("message", equalTo("privateKey is a 2048-bit RSA key: RSA keys need at least 3072 bits"
                            + " (ssh-keygen -t rsa -b 4096), or use Ed25519 (ssh-keygen -t ed25519)"));
        }
        upload(operator, TestKeys.generate("dsa", 0, false, "").privateKey(), null).then().statusCode(400)
                .body("error", equalTo("invalid_key"))
                .body("message", startsWith("privateKey is a DSA (ssh-dss) key, which OpenSSH no longer accepts"));
        upload(operator, TestKeys.generate("rsa", 4096, false, "").privateKey(), null).then().statusCode(201)
                .body("type", equalTo("ssh-rsa"));
    }

    @Test
    void anEncryptedKeyNeedsItsPassphraseWhichIsSealedToo() {
        long admin = TestUsers.create(db, "admin");
        TestKeys.Generated key = TestKeys.generate("ed25519", false, "key passphrase");

        upload(admin, key.privateKey(), null).then().statusCode(400).body("error", equalTo("invalid_key"))
                .body("message", equalTo("privateKey is encrypted: a passphrase is required"));
        int id = upload(admin, key.privateKey(), "key passphrase").then().statusCode(201)
                .body("fingerprint", equalTo(key.fingerprint())).extract().path("id");
        assertThat(new String((byte[]) row(id).get("passphrase_sealed"), StandardCharsets.ISO_8859_1))
                .doesNotContain("key passphrase");
    }

    @Test
    void textThatIsNotAKeyIs400AndStoresNothing() {
        long admin = TestUsers.create(db, "admin");
        String name = "junk-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("name", name, "privateKey", "-----BEGIN NOTHING-----\nabc\n");
        as(admin).body(body).post("/api/ssh-keys").then().statusCode(400).body("error", equalTo("invalid_key"));
        as(admin).get("/api/ssh-keys").then().body("name", org.hamcrest.Matchers.not(hasItem(name)));
    }

    @Test
    void viewersAndAuditorsCannotSeeTheVaultAndOnlyAdminsDelete() {
        long operator = TestUsers.create(db, "operator");
        long admin = TestUsers.create(db, "admin");
        int id = upload(operator, TestKeys.generate("ed25519", false, "").privateKey(), null).path("id");
        for (String role : new String[]{"viewer", "auditor"}) {
            long caller = TestUsers.create(db, role);
            as(caller).get("/api/ssh-keys").then().statusCode(403);
            as(caller).body(Map.of("name", "x", "privateKey", "y")).post("/api/ssh-keys").then().statusCode(403);
        }
        as(operator).delete("/api/ssh-keys/" + id).then().statusCode(403);
        as(operator).post("/api/ssh-keys/rotate").then().statusCode(403);

        as(admin).delete("/api/ssh-keys/" + id).then().statusCode(204);
        as(admin).get("/api/ssh-keys/" + id).then().statusCode(404);
        assertThat(DbRows.audit(db, "ssh_key.delete", id)).singleElement();
    }

    @Test
    void aKeyInUseByAServerCannotBeDeleted() {
        long admin = TestUsers.create(db, "admin");
        int id = upload(admin, TestKeys.generate("ed25519", false, "").privateKey(), null).path("id");
        DbRows.execute(db, "insert into servers (name, host, port, username, ssh_key_id) values (?, ?, 22, 'root', ?)",
                "uses-key-" + id, "host-" + id + ".example.test", (long) id);

        as(admin).delete("/api/ssh-keys/" + id).then().statusCode(409).body("message",
                equalTo("The key is used by 1 server(s)"));
        assertThat(DbRows.audit(db, "ssh_key.delete", id)).isEmpty();
    }

    @Test
    void rotationWithoutANextKeyConfiguredIs409() {
        as(TestUsers.create(db, "admin")).post("/api/ssh-keys/rotate").then().statusCode(409)
                .body("message", org.hamcrest.Matchers.containsString("KEY_VAULT_MASTER_KEY_NEXT"));
    }

    static SecretBox currentVaultBox() {
        return new SecretBox(ConfigProvider.getConfig().getValue("KEY_VAULT_MASTER_KEY", String.class),
                VaultKeys.PURPOSE);
    }

    /** A line from the middle of the key body: secret material that must never leave the vault. */
    static String secretLine(String privateKey) {
        String[] lines = privateKey.split("\n");
        return lines[lines.length / 2];
    }

    private Map<String, Object> row(int id) {
        return DbRows.query(db, "select * from ssh_keys where id = ?", (long) id).get(0);
    }

    private Response upload(long userId, String privateKey, String passphrase) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "key-" + UUID.randomUUID(), "privateKey", privateKey));
        if (passphrase != null) {
            body.put("passphrase", passphrase);
        }
        return as(userId).body(body).post("/api/ssh-keys");
    }

    private RequestSpecification as(long userId) {
        return given().auth().oauth2(TestTokens.valid(userId, TestUsers.username(db, userId), "from-row"))
                .contentType(ContentType.JSON);
    }
}
