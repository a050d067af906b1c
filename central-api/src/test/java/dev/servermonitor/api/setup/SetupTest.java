package dev.servermonitor.api.setup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestUsers;

/** Runs on an empty users table: what happens before the first user exists. */
@QuarkusTest
class SetupTest {

    @Inject
    DataSource db;

    @Inject
    AdminBootstrap bootstrap;

    @BeforeEach
    void noUsers() {
        TestUsers.deleteAll(db);
    }

    @Test
    void initializeCreatesTheFirstAdminOnceAndThenAnswers409() {
        given().get("/api/setup/status").then().statusCode(200).body("needsSetup", equalTo(true));

        Response created = initialize("first-admin", "first@example.test", "a long enough password");
        created.then().statusCode(201).body("user.role", equalTo("admin")).body("user.username", equalTo("first-admin"))
                .body("accessToken", notNullValue()).body("refreshToken", notNullValue());
        given().auth().oauth2(created.<String>path("accessToken")).get("/api/auth/whoami").then().statusCode(200)
                .body("role", equalTo("admin"));
        given().get("/api/setup/status").then().body("needsSetup", equalTo(false));
        assertThat(DbRows.audit(db, "setup.initialize", created.<Integer>path("user.id"))).singleElement();

        initialize("second-admin", "second@example.test", "another long password").then().statusCode(409)
                .body("error", equalTo("conflict"));
    }

    @Test
    void initializeRefusesWeakInputWithoutCreatingAnything() {
        initialize("ok-name", "ok@example.test", "short").then().statusCode(400)
                .body("message", equalTo("password must be at least 10 characters"));
        initialize("ok-name", "ok@example.test", "é".repeat(40)).then().statusCode(400)
                .body("message", equalTo("password must be at most 72 bytes in UTF-8 (bcrypt's limit)"));
        initialize("bad name;", "ok@example.test", "a long enough password").then().statusCode(400);
        initialize("ok-name", "not-an-email", "a long enough password").then().statusCode(400);
        given().get("/api/setup/status").then().body("needsSetup", equalTo(true));
    }

    @Test
    void bootstrapPasswordCreatesAdminOnlyWhileNoUserExists() {
        assertThat(bootstrap.bootstrap("too short")).isFalse();
        assertThat(bootstrap.bootstrap("bootstrap password 123")).isTrue();
        assertThat(bootstrap.bootstrap("bootstrap password 456")).isFalse();

        given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "bootstrap password 123")).post("/api/auth/login").then()
                .statusCode(200).body("user.role", equalTo("admin"));
        assertThat(DbRows.audit(db, "setup.bootstrap", null)).isNotEmpty();
    }

    private static Response initialize(String username, String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", email, "password", password)).post("/api/setup/initialize");
    }
}
