package dev.servermonitor.api.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

@QuarkusTest
class UserManagementTest {

    private static final String PASSWORD = "the old password";

    @Inject
    DataSource db;

    @Test
    void anAdminCreatesReadsUpdatesAndDeletesAUserAndEachChangeIsAudited() {
        long admin = TestUsers.create(db, "admin");
        String name = "new-" + UUID.randomUUID().toString().substring(0, 8);

        Response created = as(admin).body(Map.of("username", name, "email", name + "@example.test", "password",
                "a brand new password", "role", "viewer")).post("/api/users");
        created.then().statusCode(201).body("id", notNullValue()).body("role", equalTo("viewer"))
                .body("enabled", equalTo(true)).body("passwordHash", nullValue());
        int id = created.path("id");

        as(admin).get("/api/users").then().statusCode(200).body("username", hasItem(name));
        as(admin).get("/api/users/" + id).then().statusCode(200).body("email", equalTo(name + "@example.test"));
        as(admin).body(Map.of("role", "operator", "enabled", false)).put("/api/users/" + id).then().statusCode(200)
                .body("role", equalTo("operator")).body("enabled", equalTo(false));
        as(admin).delete("/api/users/" + id).then().statusCode(204);
        as(admin).get("/api/users/" + id).then().statusCode(404).body("error", equalTo("not_found"));

        assertThat(DbRows.audit(db, "user.create", id)).singleElement()
                .satisfies(row -> assertThat(row.get("user_id")).isEqualTo(admin));
        assertThat(DbRows.audit(db, "user.update", id)).singleElement()
                .satisfies(row -> assertThat(row.get("meta").toString()).contains("role", "enabled"));
        assertThat(DbRows.audit(db, "user.delete", id)).singleElement();
    }

    @Test
    void onlyAdminsManageUsers() {
        long target = TestUsers.create(db, "viewer");
        for (String role : new String[]{"operator", "viewer", "auditor"}) {
            long caller = TestUsers.create(db, role);
            as(caller).get("/api/users").then().statusCode(403).body("error", equalTo("forbidden"));
            as(caller).body(Map.of("role", "admin")).put("/api/users/" + target).then().statusCode(403);
            as(caller).delete("/api/users/" + target).then().statusCode(403);
        }
        given().get("/api/users").then().statusCode(401);
    }

    @Test
    void badInputIs400AndADuplicateIs409AndNothingIsAuditedForThem() {
        long admin = TestUsers.create(db, "admin");
        String taken = TestUsers.username(db, TestUsers.create(db, "viewer"));
        Map<String, Object> body = new HashMap<>(Map.of("username", "fresh-name-1", "email", "f1@example.test",
                "password", "long enough password", "role", "viewer"));

        body.put("role", "superuser");
        as(admin).body(body).post("/api/users").then().statusCode(400).body("message", equalTo(
                "role must be one of admin, operator, viewer, auditor"));
        body.put("role", "viewer");
        body.put("password", "short");
        as(admin).body(body).post("/api/users").then().statusCode(400);
        body.put("password", "long enough password");
        body.put("username", taken);
        as(admin).body(body).post("/api/users").then().statusCode(409).body("error", equalTo("conflict"));
        assertThat(DbRows.audit(db, "user.create", null)).noneSatisfy(
                row -> assertThat(row.get("meta").toString()).contains(taken));
    }

    @Test
    void aUserEditsTheirOwnEmailButNeverTheirOwnRole() {
        long viewer = TestUsers.create(db, "viewer");
        as(viewer).body(Map.of("email", "changed-" + viewer + "@example.test")).put("/api/users/me").then()
                .statusCode(200).body("email", equalTo("changed-" + viewer + "@example.test"));
        as(viewer).body(Map.of("role", "admin")).put("/api/users/me").then().statusCode(403);
        as(viewer).get("/api/users/me").then().statusCode(200).body("role", equalTo("viewer"));
        // the accepted change is audited, the refused one is not
        assertThat(DbRows.audit(db, "user.update", viewer)).singleElement().satisfies(a -> {
            assertThat(a.get("user_id")).isEqualTo(viewer);
            assertThat(a.get("meta").toString()).contains("email");
        });

        long admin = TestUsers.create(db, "admin");
        as(admin).body(Map.of("role", "viewer")).put("/api/users/" + admin).then().statusCode(403)
                .body("message", equalTo("You cannot change your own role"));
    }

    @Test
    void theLastActiveAdminCannotBeDeletedDisabledOrDemoted() {
        TestUsers.deleteAll(db);
        long admin = TestUsers.create(db, "admin");
        long other = TestUsers.create(db, "admin");
        TestUsers.disable(db, other);

        as(admin).delete("/api/users/" + admin).then().statusCode(409).body("error", equalTo("conflict"));
        as(admin).body(Map.of("enabled", false)).put("/api/users/" + admin).then().statusCode(409);

        // a second active admin lifts the guard for the first
        long second = TestUsers.create(db, "admin");
        as(second).body(Map.of("role", "operator")).put("/api/users/" + admin).then().statusCode(200);
        as(second).delete("/api/users/" + second).then().statusCode(409);
    }

    @Test
    void changingYourPasswordNeedsTheCurrentOneAndEndsEverySession() {
        long id = TestUsers.create(db, "operator", BcryptUtil.bcryptHash(PASSWORD, 4));
        String name = TestUsers.username(db, id);
        String refresh = login(name, PASSWORD).path("refreshToken");
        String access = TestTokens
                .sign(TestTokens.claims(id, name, "operator").issuedAt(Instant.now().minusSeconds(5)));

        as(access).body(Map.of("newPassword", "the new password")).post("/api/users/" + id + "/password").then()
                .statusCode(400).body("message", equalTo("currentPassword is required"));
        as(access).body(Map.of("currentPassword", "a wrong guess!", "newPassword", "the new password"))
                .post("/api/users/" + id + "/password").then().statusCode(403);
        as(access).body(Map.of("currentPassword", PASSWORD, "newPassword", "the new password"))
                .post("/api/users/" + id + "/password").then().statusCode(204);

        as(access).get("/api/users/me").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh)).post("/api/auth/refresh").then()
                .statusCode(401);
        login(name, PASSWORD).then().statusCode(401);
        login(name, "the new password").then().statusCode(200);
        assertThat(DbRows.audit(db, "user.password_change", id)).singleElement()
                .satisfies(
                        row -> assertThat(row.get("meta").toString()).contains("self").doesNotContain("new password"));
    }

    @Test
    void anAdminResetsSomeoneElsesPasswordWithoutTheirCurrentOneButOthersCannot() {
        long admin = TestUsers.create(db, "admin");
        long operator = TestUsers.create(db, "operator");
        long target = TestUsers.create(db, "viewer", BcryptUtil.bcryptHash(PASSWORD, 4));

        as(operator).body(Map.of("newPassword", "operator chose this")).post("/api/users/" + target + "/password")
                .then().statusCode(403);
        as(admin).body(Map.of("newPassword", "admin reset this one")).post("/api/users/" + target + "/password")
                .then().statusCode(204);
        login(TestUsers.username(db, target), "admin reset this one").then().statusCode(200);
    }

    @Test
    void disablingAUserRevokesTheirRefreshTokens() {
        long admin = TestUsers.create(db, "admin");
        long id = TestUsers.create(db, "operator", BcryptUtil.bcryptHash(PASSWORD, 4));
        String refresh = login(TestUsers.username(db, id), PASSWORD).path("refreshToken");

        as(admin).body(Map.of("enabled", false)).put("/api/users/" + id).then().statusCode(200);
        as(admin).body(Map.of("enabled", true)).put("/api/users/" + id).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh)).post("/api/auth/refresh").then()
                .statusCode(401);
    }

    private RequestSpecification as(long userId) {
        return as(TestTokens.valid(userId, TestUsers.username(db, userId), "ignored-the-row-decides"));
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/login");
    }
}
