package dev.servermonitor.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/**
 * The service verifies a token once (common's VerifiedTokens is the parser's factory), and what it
 * keeps changes nothing a caller sees: a bad token is still a 401, a signed-out user still refused.
 */
@QuarkusTest
class VerifiedTokensInUseTest {

    @Inject
    JWTParser parser;

    @Inject
    DataSource db;

    @Test
    void aTokenIsVerifiedOnceThenAnsweredFromWhatWasKept() throws Exception {
        long user = TestUsers.create(db, "viewer");
        String token = TestTokens.valid(user, TestUsers.username(db, user), "viewer");

        assertThat(parser.parse(token)).isSameAs(parser.parse(token));
        assertThatThrownBy(() -> parser.parse(TestTokens.withEditedPayload(token, "viewer", "admin")))
                .isInstanceOf(ParseException.class);

        RestAssured.given().header("Authorization", "Bearer " + token).get("/api/auth/whoami").then().statusCode(200);
        TestUsers.disable(db, user);
        await().atMost(Duration.ofSeconds(1)).until(() -> RestAssured.given()
                .header("Authorization", "Bearer " + token).get("/api/auth/whoami").statusCode() == 401);
    }
}
