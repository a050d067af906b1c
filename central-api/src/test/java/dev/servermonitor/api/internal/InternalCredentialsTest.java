package dev.servermonitor.api.internal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

@QuarkusTest
class InternalCredentialsTest {

    private static final String TRUSTED = "SHA256:" + "C".repeat(43);

    @Inject
    DataSource db;

    @Test
    void onlyTheServiceTokenOpensItAndAUserTokenNever() {
        long server = passwordServer("pw-1", true);
        long admin = TestUsers.create(db, "admin");
        String adminToken = TestTokens.valid(admin, TestUsers.username(db, admin), "admin");

        given().contentType(ContentType.JSON).body(stats(server)).post("/internal/ssh-credentials").then()
                .statusCode(401);
        call("wrong-token-of-some-length-0123456789", stats(server)).then().statusCode(401);
        call(adminToken, stats(server)).then().statusCode(401);
        assertThat(DbRows.audit(db, "credentials.issue", server)).isEmpty();
    }

    @Test
    void statsGetsTheDecryptedPasswordAndTheHandOutIsAudited() {
        long server = passwordServer("the-server-password", true);
        Response r = call(serviceToken(), stats(server));
        r.then().statusCode(200).body("type", equalTo("password")).body("password", equalTo("the-server-password"))
                .body("hostKeyFingerprint", equalTo(TRUSTED)).body("privateKey", nullValue())
                .header("Cache-Control", "no-store");
        assertThat(DbRows.audit(db, "credentials.issue", server)).singleElement().satisfies(a -> {
            assertThat(a.get("meta").toString()).contains("stats", "websocket_monitor")
                    .doesNotContain("the-server-password");
            assertThat(a.get("user_id")).isNull();
        });
    }

    @Test
    void aTerminalNeedsTheTokenOfAnActiveAdminOrOperator() {
        long server = passwordServer("pw-2", true);
        long operator = TestUsers.create(db, "operator");
        long viewer = TestUsers.create(db, "viewer");

        call(serviceToken(), terminal(server, null)).then().statusCode(400);
        call(serviceToken(), terminal(server, "not.a.token")).then().statusCode(403);
        call(serviceToken(), terminal(server, TestTokens.valid(viewer, "v", "viewer"))).then().statusCode(403);
        call(serviceToken(), terminal(server, TestTokens.valid(operator, "o", "operator"))).then().statusCode(200)
                .body("password", equalTo("pw-2"));
        assertThat(DbRows.audit(db, "credentials.issue", server)).singleElement()
                .satisfies(a -> assertThat(a.get("user_id")).isEqualTo(operator));

        // disabled behind the service's back, as another replica would: it hears of it within a second
        TestUsers.disable(db, operator);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> call(
                serviceToken(), terminal(server, TestTokens.valid(operator, "o", "operator"))).then().statusCode(403));
    }

    @Test
    void aVaultKeyComesOutAsTheOriginalPrivateKey() {
        long admin = TestUsers.create(db, "admin");
        TestKeys.Generated key = TestKeys.generate("ed25519", false, "");
        int keyId = given().auth().oauth2(TestTokens.valid(admin, TestUsers.username(db, admin), "admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "k-" + UUID.randomUUID(), "privateKey", key.privateKey()))
                .post("/api/ssh-keys").then().statusCode(201).extract().path("id");
        long server = (Long) DbRows.query(db, "insert into servers (name, host, port, username, ssh_key_id,"
                + " host_key_fingerprint, host_key_type, host_key_trusted_at) values (?, ?, 22, 'root', ?, ?, 'ssh-ed25519', now())"
                + " returning id", "k" + keyId, "key-host-" + keyId + ".example.test", (long) keyId, TRUSTED).get(0)
                .get("id");

        call(serviceToken(), stats(server)).then().statusCode(200).body("type", equalTo("ssh_key"))
                .body("privateKey", equalTo(key.privateKey())).body("password", nullValue());
    }

    @Test
    void nothingIsHandedOutForAnUntrustedHostKeyOrAnUnknownServer() {
        long server = passwordServer("pw-3", false);
        call(serviceToken(), stats(server)).then().statusCode(409).body("error", equalTo("host_key_untrusted"));
        call(serviceToken(), stats(987654321L)).then().statusCode(404);
        assertThat(DbRows.audit(db, "credentials.issue", server)).isEmpty();
    }

    /**
     * A server row with a password sealed through the API (so the test does not reimplement sealing).
     */
    private long passwordServer(String password, boolean trusted) {
        long admin = TestUsers.create(db, "admin");
        String unique = UUID.randomUUID().toString().substring(0, 8);
        int id = given().auth().oauth2(TestTokens.valid(admin, TestUsers.username(db, admin), "admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "s " + unique, "host", "h-" + unique + ".example.test", "username", "root",
                        "credential", Map.of("password", password)))
                .post("/api/servers").then().statusCode(201).extract().path("id");
        if (trusted) {
            DbRows.execute(db, "update servers set host_key_fingerprint = ?, host_key_type = 'ssh-ed25519',"
                    + " host_key_trusted_at = now() where id = ?", TRUSTED, (long) id);
        }
        return id;
    }

    private static Map<String, Object> stats(long serverId) {
        return Map.of("serverId", serverId, "purpose", "stats", "service", "websocket_monitor");
    }

    private static Map<String, Object> terminal(long serverId, String userToken) {
        Map<String, Object> body = new HashMap<>(Map.of("serverId", serverId, "purpose", "terminal", "service",
                "terminal_gateway"));
        if (userToken != null) {
            body.put("userToken", userToken);
        }
        return body;
    }

    private static String serviceToken() {
        return ConfigProvider.getConfig().getValue("INTERNAL_API_TOKEN", String.class);
    }

    private static Response call(String bearer, Map<String, Object> body) {
        return given().header("Authorization", "Bearer " + bearer).contentType(ContentType.JSON).body(body)
                .post("/internal/ssh-credentials");
    }
}
