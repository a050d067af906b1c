package dev.servermonitor.api.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.servermonitor.common.ssh.SshKeys;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/** Host-key trust and the connection test against a real in-process SSH server running /bin/sh. */
@QuarkusTest
class ServerConnectionTest {

    private static final String PASSWORD = "ssh-password-123";
    private static TestKeys.Generated clientKey;
    private static TestSshServer sshd;

    @Inject
    DataSource db;

    @Inject
    ServerListCache listCache;

    @BeforeAll
    static void startSshServer() throws Exception {
        clientKey = TestKeys.generate("ed25519", false, "");
        sshd = TestSshServer.start(PASSWORD, SshKeys.parse(clientKey.privateKey(), null).keyPair().getPublic());
    }

    @AfterAll
    static void stopSshServer() {
        sshd.close();
    }

    @Test
    void fetchingTheHostKeyShowsItWithoutTrustingIt() {
        long operator = TestUsers.create(db, "operator");
        int id = createServer(operator, Map.of("password", PASSWORD), sshd.port());

        as(operator).post("/api/servers/" + id + "/host-key").then().statusCode(200)
                .body("fingerprint", equalTo(sshd.hostKeyFingerprint())).body("trusted", equalTo(false));
        as(operator).get("/api/servers/" + id).then().body("hostKeyFingerprint", nullValue())
                .body("hostKeyTrusted", equalTo(false));
    }

    @Test
    void onlyTheFingerprintTheServerPresentsCanBeTrustedAndOnlyByAnAdmin() {
        long admin = TestUsers.create(db, "admin");
        long operator = TestUsers.create(db, "operator");
        int id = createServer(admin, Map.of("password", PASSWORD), sshd.port());
        String other = "SHA256:" + "A".repeat(43);

        as(admin).body(Map.of("fingerprint", other)).put("/api/servers/" + id + "/host-key").then().statusCode(409)
                .body("error", equalTo("host_key_mismatch"));
        as(admin).body(Map.of("fingerprint", "not a fingerprint")).put("/api/servers/" + id + "/host-key").then()
                .statusCode(400);
        as(operator).body(Map.of("fingerprint", sshd.hostKeyFingerprint())).put("/api/servers/" + id + "/host-key")
                .then().statusCode(403);
        as(admin).body(Map.of("fingerprint", sshd.hostKeyFingerprint())).put("/api/servers/" + id + "/host-key").then()
                .statusCode(200).body("hostKeyTrusted", equalTo(true))
                .body("hostKeyFingerprint", equalTo(sshd.hostKeyFingerprint()));
        assertThat(DbRows.audit(db, "server.host_key_trust", id)).singleElement();
    }

    @Test
    void aTrustedKeyShowsInTheNextServerListAtOnce() {
        long admin = TestUsers.create(db, "admin");
        int id = createServer(admin, Map.of("password", PASSWORD), sshd.port());
        String trustedInList = "find { it.id == " + id + " }.hostKeyTrusted";
        as(admin).get("/api/servers").then().statusCode(200).body(trustedInList, equalTo(false)); // kept
        // the announcement is held back: what forgets the kept list is the trust's own commit
        listCache.hearing(false);
        try {
            trusted(admin, id);
            as(admin).get("/api/servers").then().statusCode(200).body(trustedInList, equalTo(true));
        } finally {
            listCache.hearing(true);
        }
    }

    @Test
    void theConnectionTestWorksWithAPasswordAndWithAVaultKey() {
        long admin = TestUsers.create(db, "admin");
        int byPassword = trusted(admin, createServer(admin, Map.of("password", PASSWORD), sshd.port()));
        int keyId = as(admin).body(Map.of("name", "k-" + UUID.randomUUID(), "privateKey", clientKey.privateKey()))
                .post("/api/ssh-keys").then().statusCode(201).extract().path("id");
        int byKey = trusted(admin, createServer(admin, Map.of("sshKeyId", keyId), sshd.port()));

        for (int id : new int[]{byPassword, byKey}) {
            as(admin).post("/api/servers/" + id + "/test").then().statusCode(200).body("ok", equalTo(true))
                    .body("latencyMs", greaterThanOrEqualTo(0)).body("error", nullValue());
        }
    }

    @Test
    void aWrongCredentialIsAFailedTestNotAnError() {
        long admin = TestUsers.create(db, "admin");
        int id = trusted(admin, createServer(admin, Map.of("password", "not-the-password"), sshd.port()));
        as(admin).post("/api/servers/" + id + "/test").then().statusCode(200).body("ok", equalTo(false))
                .body("errorCode", equalTo("auth_failed")).body("error", containsString("authentication"));
    }

    @Test
    void aChangedHostKeyIsRefusedAndAudited() {
        long admin = TestUsers.create(db, "admin");
        int id = createServer(admin, Map.of("password", PASSWORD), sshd.port());
        DbRows.execute(db, "update servers set host_key_fingerprint = ?, host_key_type = 'ssh-rsa',"
                + " host_key_trusted_at = now() where id = ?", "SHA256:" + "B".repeat(43), (long) id);

        as(admin).post("/api/servers/" + id + "/test").then().statusCode(200).body("ok", equalTo(false))
                .body("errorCode", equalTo("host_key_mismatch"))
                .body("error", containsString(sshd.hostKeyFingerprint()));
        assertThat(DbRows.audit(db, "server.host_key_mismatch", id)).singleElement()
                .satisfies(a -> assertThat(a.get("meta").toString()).contains(sshd.hostKeyFingerprint()));
    }

    @Test
    void noConnectionIsAttemptedBeforeTheKeyIsTrustedAndAClosedPortIs502() throws Exception {
        long admin = TestUsers.create(db, "admin");
        int untrusted = createServer(admin, Map.of("password", PASSWORD), sshd.port());
        as(admin).post("/api/servers/" + untrusted + "/test").then().statusCode(409)
                .body("error", equalTo("host_key_untrusted"));

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int unreachable = createServer(admin, Map.of("password", PASSWORD), closedPort);
        as(admin).post("/api/servers/" + unreachable + "/host-key").then().statusCode(502)
                .body("error", equalTo("unreachable"));
        as(admin).post("/api/servers/987654/test").then().statusCode(404);
    }

    private int trusted(long admin, int id) {
        as(admin).body(Map.of("fingerprint", sshd.hostKeyFingerprint())).put("/api/servers/" + id + "/host-key").then()
                .statusCode(200);
        return id;
    }

    private int createServer(long userId, Map<String, Object> credential, int port) {
        // host + port + username is unique, and the test sshd takes any user: one user name per server
        String user = "t" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>(Map.of("name", "ssh " + user, "host", "127.0.0.1", "port", port,
                "username", user));
        body.put("credential", credential);
        return as(userId).body(body).post("/api/servers").then().statusCode(201).extract().path("id");
    }

    private RequestSpecification as(long userId) {
        return given().auth().oauth2(TestTokens.valid(userId, TestUsers.username(db, userId), "from-row"))
                .contentType(ContentType.JSON);
    }
}
