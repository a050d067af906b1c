package dev.servermonitor.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestUsers;

@QuarkusTest
class AuthFlowTest {

    private static final String PASSWORD = "correct horse battery";

    @Inject
    DataSource db;

    @Test
    void loginWithUsernameOrEmailReturnsTokensAndTheUser() {
        long id = user("operator");
        String name = TestUsers.username(db, id);

        for (String login : new String[]{name, name.toUpperCase(), name + "@example.test"}) {
            login(login, PASSWORD).then().statusCode(200).body("accessToken", notNullValue())
                    .body("refreshToken", notNullValue()).body("expiresIn", equalTo(900))
                    .body("user.id", equalTo((int) id)).body("user.username", equalTo(name))
                    .body("user.role", equalTo("operator")).body("user.email", equalTo(name + "@example.test"));
        }
        assertThat(DbRows.audit(db, "auth.login", id)).hasSize(3);
    }

    @Test
    void theAccessTokenCarriesTheDesignedClaimsAndWorks() throws Exception {
        long id = user("viewer");
        Response r = login(TestUsers.username(db, id), PASSWORD);
        String access = r.path("accessToken");
        JsonNode claims = new ObjectMapper()
                .readTree(new String(Base64.getUrlDecoder().decode(access.split("\\.")[1]), StandardCharsets.UTF_8));
        JsonNode header = new ObjectMapper()
                .readTree(new String(Base64.getUrlDecoder().decode(access.split("\\.")[0]), StandardCharsets.UTF_8));

        assertThat(header.get("alg").asText()).isEqualTo("HS256");
        assertThat(claims.get("iss").asText()).isEqualTo("servermonitor");
        assertThat(claims.get("aud").toString()).contains("servermonitor");
        assertThat(claims.get("sub").asText()).isEqualTo(Long.toString(id));
        assertThat(claims.get("upn").asText()).isEqualTo(TestUsers.username(db, id));
        assertThat(claims.get("groups").get(0).asText()).isEqualTo("viewer");
        assertThat(claims.get("jti").asText()).isNotBlank();
        assertThat(UUID.fromString(claims.get("sid").asText())).isNotNull();
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
        given().auth().oauth2(access).get("/api/auth/whoami").then().statusCode(200).body("userId", equalTo((int) id));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSame401() {
        long id = user("operator");
        Response wrong = login(TestUsers.username(db, id), "not the password at all");
        Response unknown = login("nobody-" + id, PASSWORD);

        wrong.then().statusCode(401).body("error", equalTo("unauthorized"));
        unknown.then().statusCode(401);
        assertThat(wrong.<String>path("message")).isEqualTo(unknown.path("message"))
                .isEqualTo("Invalid username or password");
        assertThat(DbRows.audit(db, "auth.login_failed", id)).singleElement()
                .satisfies(row -> assertThat(row.get("meta").toString()).contains("bad_password"));
    }

    @Test
    void aDisabledUserCannotLogInEvenWithTheRightPassword() {
        long id = user("operator");
        TestUsers.disable(db, id);
        login(TestUsers.username(db, id), PASSWORD).then().statusCode(401)
                .body("message", equalTo("Invalid username or password"));
    }

    @Test
    void fiveFailuresLockTheNameFromThatAddressUntilTheyAgeOut() {
        long id = user("admin");
        String name = TestUsers.username(db, id);
        for (int i = 0; i < 5; i++) {
            login(name, "wrong password " + i).then().statusCode(401);
        }

        Response locked = login(name, PASSWORD);
        locked.then().statusCode(429).body("error", equalTo("too_many_requests"));
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 300);
        assertThat(DbRows.audit(db, "auth.login_failed", id)).hasSize(5);
        assertThat(DbRows.audit(db, "auth.locked", id)).hasSize(1);

        // five minutes pass: the failures leave the window and the right password works again
        DbRows.execute(db, "update login_failures set failed_at = failed_at - interval '301 seconds'"
                + " where username_key = lower(?)", name);
        login(name, PASSWORD).then().statusCode(200);
        login(name, "wrong once more").then().statusCode(401);
    }

    @Test
    void parallelWrongPasswordsCannotOutrunTheLockout() throws Exception {
        long id = user("operator");
        String name = TestUsers.username(db, id);
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> attempts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String guess = "parallel guess " + i;
                attempts.add(pool.submit(() -> {
                    start.await();
                    return login(name, guess);
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : attempts) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }

            assertThat(answers).filteredOn(r -> r.statusCode() == 401).hasSize(5);
            assertThat(answers).filteredOn(r -> r.statusCode() == 429).hasSize(35)
                    .allSatisfy(r -> assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 300));
        } finally {
            pool.shutdownNow();
        }
        assertThat(DbRows.audit(db, "auth.login_failed", id)).hasSize(5);
        assertThat(DbRows.audit(db, "auth.locked", id)).hasSize(1);
        login(name, PASSWORD).then().statusCode(429);
    }

    @Test
    void theLockoutCountsPerAccountWhicheverIdentifierNamesIt() {
        long id = user("operator");
        String name = TestUsers.username(db, id);
        String email = name + "@example.test";
        for (int i = 0; i < 5; i++) {
            login(i % 2 == 0 ? name : email.toUpperCase(), "wrong password " + i).then().statusCode(401);
        }

        login(email, PASSWORD).then().statusCode(429).header("Retry-After", notNullValue());
        login(name, PASSWORD).then().statusCode(429);
        assertThat(DbRows.audit(db, "auth.locked", id)).hasSize(1);
    }

    @Test
    void unknownNamesAreCountedPerNameAndDoNotLockAnAccount() {
        long id = user("operator");
        String unknown = "nobody-at-all-" + id;
        for (int i = 0; i < 5; i++) {
            login(unknown, "wrong password " + i).then().statusCode(401);
        }
        login(unknown.toUpperCase(), PASSWORD).then().statusCode(429);
        login(TestUsers.username(db, id), PASSWORD).then().statusCode(200);
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsAWrongPasswordAtLoginAndIsCounted() {
        String exactly72 = "p".repeat(72);
        long id = TestUsers.create(db, "operator", BcryptUtil.bcryptHash(exactly72, 4));
        String name = TestUsers.username(db, id);

        login(name, exactly72 + "any suffix").then().statusCode(401)
                .body("message", equalTo("Invalid username or password"));
        login(name, "é".repeat(37)).then().statusCode(401); // 74 bytes in UTF-8 although 37 characters
        login(name, "x".repeat(1024)).then().statusCode(401);
        login("nobody-" + id, "x".repeat(4096)).then().statusCode(401)
                .body("message", equalTo("Invalid username or password"));
        assertThat(DbRows.audit(db, "auth.login_failed", id)).hasSize(3)
                .allSatisfy(row -> assertThat(row.get("meta").toString()).contains("password_too_long"));

        login(name, exactly72).then().statusCode(200);
    }

    @Test
    void refreshRotatesTheTokenAndTheOldOneStopsWorking() {
        long id = user("operator");
        String first = login(TestUsers.username(db, id), PASSWORD).path("refreshToken");

        Response rotated = refresh(first);
        rotated.then().statusCode(200).body("accessToken", notNullValue()).body("user.id", equalTo((int) id));
        String second = rotated.path("refreshToken");
        assertThat(second).isNotEqualTo(first);

        refresh(second).then().statusCode(200);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeSession() {
        long id = user("operator");
        String first = login(TestUsers.username(db, id), PASSWORD).path("refreshToken");
        String second = refresh(first).path("refreshToken");

        refresh(first).then().statusCode(401).body("error", equalTo("unauthorized"));
        refresh(second).then().statusCode(401);
        assertThat(DbRows.audit(db, "auth.refresh_reuse", id)).singleElement();
    }

    @Test
    void logoutRevokesTheRefreshTokenAndIsIdempotent() {
        long id = user("viewer");
        String token = login(TestUsers.username(db, id), PASSWORD).path("refreshToken");

        given().contentType(ContentType.JSON).body(Map.of("refreshToken", token)).post("/api/auth/logout").then()
                .statusCode(204);
        refresh(token).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", token)).post("/api/auth/logout").then()
                .statusCode(204);
        assertThat(DbRows.audit(db, "auth.logout", id)).hasSize(1);
    }

    @Test
    void signingOutEndsThatSessionsAccessTokensButNotAnotherSessions() {
        long id = user("operator");
        Response laptop = login(TestUsers.username(db, id), PASSWORD);
        Response phone = login(TestUsers.username(db, id), PASSWORD);

        given().contentType(ContentType.JSON).body(Map.of("refreshToken", laptop.<String>path("refreshToken")))
                .post("/api/auth/logout").then().statusCode(204);
        given().auth().oauth2(laptop.<String>path("accessToken")).get("/api/auth/whoami").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
        given().auth().oauth2(phone.<String>path("accessToken")).get("/api/auth/whoami").then().statusCode(200);
    }

    @Test
    void aReusedRefreshTokenAlsoEndsTheSessionsAccessTokens() {
        long id = user("operator");
        Response first = login(TestUsers.username(db, id), PASSWORD);
        String rotatedAccess = refresh(first.path("refreshToken")).path("accessToken");
        given().auth().oauth2(rotatedAccess).get("/api/auth/whoami").then().statusCode(200);

        refresh(first.path("refreshToken")).then().statusCode(401);
        given().auth().oauth2(rotatedAccess).get("/api/auth/whoami").then().statusCode(401);
        given().auth().oauth2(first.<String>path("accessToken")).get("/api/auth/whoami").then().statusCode(401);
    }

    @Test
    void aDisabledUsersRefreshTokenStopsWorking() {
        long id = user("operator");
        String token = login(TestUsers.username(db, id), PASSWORD).path("refreshToken");
        TestUsers.disable(db, id);
        refresh(token).then().statusCode(401);
    }

    @Test
    void missingOrEmptyFieldsAre400NotA500() {
        given().contentType(ContentType.JSON).post("/api/auth/login").then().statusCode(400)
                .body("error", equalTo("validation_failed"));
        given().contentType(ContentType.JSON).body(Map.of("username", "x")).post("/api/auth/login").then()
                .statusCode(400).body("message", equalTo("password is required"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/auth/refresh").then().statusCode(400);
    }

    @Test
    void anUnknownRefreshTokenIs401() {
        refresh("not-a-token-we-issued").then().statusCode(401).body("status", equalTo(401))
                .body("requestId", notNullValue());
    }

    private long user(String role) {
        return TestUsers.create(db, role, BcryptUtil.bcryptHash(PASSWORD, 4));
    }

    private static Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/login");
    }

    private static Response refresh(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", token)).post("/api/auth/refresh");
    }
}
