package dev.servermonitor.api.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

@QuarkusTest
class ServerInventoryTest {

    @Inject
    DataSource db;

    @Test
    void anOperatorAddsAServerWithAPasswordThatIsSealedAndNeverShown() {
        long operator = TestUsers.create(db, "operator");
        Map<String, Object> body = server(Map.of("password", "server-root-password-1"));

        Response created = as(operator).body(body).post("/api/servers");
        created.then().statusCode(201).body("port", equalTo(22)).body("credential.type", equalTo("password"))
                .body("hostKeyFingerprint", nullValue()).body("hostKeyTrusted", equalTo(false))
                .body("status", equalTo("unknown")).body("tags", equalTo(List.of("web", "prod")));
        int id = created.path("id");

        assertThat(created.asString()).doesNotContain("server-root-password-1");
        assertThat(as(operator).get("/api/servers/" + id).asString()).doesNotContain("server-root-password-1");
        byte[] sealed = (byte[]) DbRows.query(db, "select password_sealed from servers where id = ?", (long) id).get(0)
                .get("password_sealed");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("server-root-password-1");
        assertThat(DbRows.audit(db, "server.create", id)).singleElement()
                .satisfies(a -> assertThat(a.get("meta").toString()).doesNotContain("server-root-password-1"));
    }

    @Test
    void aServerMayUseAVaultKeyButNotAMissingOne() {
        long admin = TestUsers.create(db, "admin");
        int keyId = as(admin).body(Map.of("name", "k-" + UUID.randomUUID(), "privateKey",
                TestKeys.generate("ed25519", false, "").privateKey())).post("/api/ssh-keys").then().statusCode(201)
                .extract().path("id");

        as(admin).body(server(Map.of("sshKeyId", keyId))).post("/api/servers").then().statusCode(201)
                .body("credential.type", equalTo("ssh_key")).body("credential.sshKeyId", equalTo(keyId));
        as(admin).body(server(Map.of("sshKeyId", 987654321))).post("/api/servers").then().statusCode(400)
                .body("message", equalTo("credential.sshKeyId 987654321 is not a key in the vault"));
        as(admin).body(server(Map.of("sshKeyId", keyId, "password", "both-given"))).post("/api/servers").then()
                .statusCode(400);
        Map<String, Object> none = server(Map.of());
        none.remove("credential");
        as(admin).body(none).post("/api/servers").then().statusCode(400);
    }

    @Test
    void hostsThatAreNotHostNamesOrAddressesAreRefused() {
        long admin = TestUsers.create(db, "admin");
        for (String bad : List.of("", " web1", "web 1", "a;b", "$(reboot)", "`id`", "http://web1", "web1:22",
                "[::1]", "999.1.1.1", "-web.example", "web..example", "x".repeat(254), "fe80::1%eth0", "1:2")) {
            Map<String, Object> body = server(Map.of("password", "pw"));
            body.put("host", bad);
            as(admin).body(body).post("/api/servers").then().statusCode(400)
                    .body("message", equalTo("host must be a DNS host name or an IPv4/IPv6 address"));
        }
        for (String good : List.of("web-1.example.com", "localhost", "10.0.0.1", "::1", "2001:db8::17", "db.")) {
            Map<String, Object> body = server(Map.of("password", "pw"));
            body.put("host", good);
            as(admin).body(body).post("/api/servers").then().statusCode(201).body("host", equalTo(good));
        }
    }

    @Test
    void metadataUnspecifiedBroadcastAndMulticastHostsAreRefusedByDefault() {
        long admin = TestUsers.create(db, "admin");
        for (String bad : List.of("169.254.169.254", "::ffff:169.254.169.254", "fd00:ec2::254",
                "metadata.google.internal", "100.100.100.200", "0.0.0.0", "::", "255.255.255.255", "224.0.0.1",
                "ff02::1")) {
            Map<String, Object> body = server(Map.of("password", "pw"));
            body.put("host", bad);
            as(admin).body(body).post("/api/servers").then().statusCode(400).body("error", equalTo("validation_failed"))
                    .body("message", startsWith("host " + bad + " is ")).body("message",
                            endsWith(", refused by SERVER_HOST_DENY"));
        }
        int id = as(admin).body(server(Map.of("password", "pw"))).post("/api/servers").then().statusCode(201)
                .extract().path("id");
        Map<String, Object> moved = server(Map.of());
        moved.remove("credential");
        moved.put("host", "169.254.169.254");
        as(admin).body(moved).put("/api/servers/" + id).then().statusCode(400).body("message",
                equalTo("host 169.254.169.254 is a cloud metadata address, refused by SERVER_HOST_DENY"));
    }

    @Test
    void legacyNumericAddressFormsAreRefusedNamingTheAddressMeant() {
        long admin = TestUsers.create(db, "admin");
        for (String legacy : List.of("0x7f.1", "0177.0.0.1", "2130706433", "127.1")) {
            Map<String, Object> body = server(Map.of("password", "pw"));
            body.put("host", legacy);
            as(admin).body(body).post("/api/servers").then().statusCode(400).body("message",
                    equalTo("host is a legacy numeric form of the IPv4 address 127.0.0.1 (fewer than four parts,"
                            + " octal or hexadecimal): write it as 127.0.0.1"));
        }
    }

    @Test
    void portAndUsernameAreChecked() {
        long admin = TestUsers.create(db, "admin");
        for (Object port : List.of(0, 65536, -1)) {
            Map<String, Object> body = server(Map.of("password", "pw"));
            body.put("port", port);
            as(admin).body(body).post("/api/servers").then().statusCode(400);
        }
        for (String user : List.of("root;id", "ro ot", "-root", "x".repeat(33), "")) {
            Map<String, Object> body = server(Map.of("password", "pw"));
            body.put("username", user);
            as(admin).body(body).post("/api/servers").then().statusCode(400);
        }
    }

    @Test
    void numbersAreNeverCoercedAWrongTypeIs400NamingTheField() {
        long admin = TestUsers.create(db, "admin");
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String base = "{\"name\":\"coerce " + unique + "\",\"host\":\"web-" + unique + ".example.test\","
                + "\"username\":\"deploy\",\"credential\":{\"password\":\"pw\"}";
        for (String port : List.of("22.5", "22.0", "1e3", "\"22\"", "true", "\"\"")) {
            as(admin).body(base + ",\"port\":" + port + "}").post("/api/servers").then().statusCode(400)
                    .body("error", equalTo("malformed_json")).body("message", equalTo(
                            "Malformed JSON: field 'port' must be a whole number (a JSON number without fraction or exponent)"));
        }
        as(admin).body(base.replace("\"pw\"}", "\"pw\",\"sshKeyId\":\"7\"}") + "}").post("/api/servers").then()
                .statusCode(400).body("message", startsWith("Malformed JSON: field 'credential.sshKeyId' must be"));
        as(admin).body(base.replace("\"deploy\"", "123") + "}").post("/api/servers").then().statusCode(400)
                .body("message", equalTo("Malformed JSON: field 'username' must be a string"));
        as(admin).body(base + ",\"port\":2222}").post("/api/servers").then().statusCode(201).body("port",
                equalTo(2222));
    }

    @Test
    void theSameHostPortAndUserTwiceIs409() {
        long admin = TestUsers.create(db, "admin");
        Map<String, Object> body = server(Map.of("password", "pw"));
        as(admin).body(body).post("/api/servers").then().statusCode(201);
        body.put("name", "another name");
        as(admin).body(body).post("/api/servers").then().statusCode(409).body("error", equalTo("conflict"));
    }

    @Test
    void everyRoleReadsButOnlyAdminsAndOperatorsWrite() {
        long admin = TestUsers.create(db, "admin");
        int id = as(admin).body(server(Map.of("password", "pw"))).post("/api/servers").then().statusCode(201).extract()
                .path("id");
        for (String role : List.of("viewer", "auditor")) {
            long caller = TestUsers.create(db, role);
            as(caller).get("/api/servers").then().statusCode(200).body("id", hasItem(id));
            as(caller).get("/api/servers/" + id).then().statusCode(200);
            as(caller).body(server(Map.of("password", "pw"))).post("/api/servers").then().statusCode(403);
            as(caller).body(server(Map.of())).put("/api/servers/" + id).then().statusCode(403);
            as(caller).delete("/api/servers/" + id).then().statusCode(403);
        }
        given().get("/api/servers").then().statusCode(401);
    }

    @Test
    void movingAServerForgetsItsTrustedHostKeyAndDeleteRemovesIt() {
        long operator = TestUsers.create(db, "operator");
        Map<String, Object> body = server(Map.of("password", "pw"));
        int id = as(operator).body(body).post("/api/servers").then().statusCode(201).extract().path("id");
        DbRows.execute(db, "update servers set host_key_fingerprint = 'SHA256:abc', host_key_type = 'ssh-ed25519',"
                + " host_key_trusted_at = now() where id = ?", (long) id);

        body.put("description", "renamed only");
        body.remove("credential");
        as(operator).body(body).put("/api/servers/" + id).then().statusCode(200).body("hostKeyTrusted", equalTo(true))
                .body("credential.type", equalTo("password"));
        body.put("port", 2222);
        as(operator).body(body).put("/api/servers/" + id).then().statusCode(200).body("hostKeyTrusted", equalTo(false))
                .body("hostKeyFingerprint", nullValue());

        as(operator).delete("/api/servers/" + id).then().statusCode(204);
        as(operator).get("/api/servers/" + id).then().statusCode(404);
        assertThat(DbRows.audit(db, "server.update", id)).hasSize(2);
        assertThat(DbRows.audit(db, "server.delete", id)).singleElement();
    }

    private static Map<String, Object> server(Map<String, Object> credential) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>(
                Map.of("name", "web " + unique, "host", "web-" + unique + ".example.test",
                        "username", "deploy_" + unique, "description", "a test server", "tags",
                        List.of("web", "prod", "web")));
        body.put("credential", credential);
        return body;
    }

    private RequestSpecification as(long userId) {
        return given().auth().oauth2(TestTokens.valid(userId, TestUsers.username(db, userId), "from-row"))
                .contentType(ContentType.JSON);
    }
}
