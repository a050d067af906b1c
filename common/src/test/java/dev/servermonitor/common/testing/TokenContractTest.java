package dev.servermonitor.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.restassured.specification.RequestSpecification;

/**
 * Every service verifies access tokens the same way: issuer, audience, expiry and signature are
 * checked, the algorithm is pinned, and the user row decides at each request (deleted, disabled,
 * password changed, role). Run through {@code GET /api/auth/whoami}, which every service serves.
 */
public abstract class TokenContractTest {

    private static final String WHOAMI = "/api/auth/whoami";

    @Inject
    DataSource db;

    @Test
    void acceptsAValidTokenOfAnActiveUser() {
        long id = TestUsers.create(db, "operator");
        String name = TestUsers.username(db, id);
        with(TestTokens.valid(id, name, "operator")).get(WHOAMI).then().statusCode(200)
                .body("userId", equalTo((int) id)).body("username", equalTo(name))
                .body("role", equalTo("operator"));
    }

    @Test
    void refusesAMissingTokenWithTheErrorShape() {
        given().header("X-Request-Id", "no-token-1").get(WHOAMI).then().statusCode(401)
                .body("status", equalTo(401)).body("error", equalTo("unauthorized"))
                .body("requestId", equalTo("no-token-1"));
    }

    @Test
    void refusesAnExpiredToken() {
        long id = TestUsers.create(db, "admin");
        String token = TestTokens.sign(TestTokens.claims(id, "x", "admin").issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(300)));
        with(token).get(WHOAMI).then().statusCode(401);
    }

    @Test
    void refusesATokenWhosePayloadWasEdited() {
        long id = TestUsers.create(db, "viewer");
        String token = TestTokens.valid(id, "x", "viewer");
        with(TestTokens.withEditedPayload(token, "\"viewer\"", "\"admin\"")).get(WHOAMI).then().statusCode(401);
    }

    @Test
    void refusesAnUnsignedAlgNoneToken() {
        long id = TestUsers.create(db, "admin");
        with(TestTokens.unsigned(TestTokens.valid(id, "x", "admin"))).get(WHOAMI).then().statusCode(401);
    }

    @Test
    void refusesATokenSignedWithAnotherSecret() {
        long id = TestUsers.create(db, "admin");
        String token = TestTokens.sign(TestTokens.claims(id, "x", "admin"),
                "another-secret-that-is-long-enough-0123456789");
        with(token).get(WHOAMI).then().statusCode(401);
    }

    @Test
    void refusesAWrongIssuerOrAudience() {
        long id = TestUsers.create(db, "admin");
        with(TestTokens.sign(TestTokens.claims(id, "x", "admin").issuer("someone-else"))).get(WHOAMI).then()
                .statusCode(401);
        with(TestTokens.sign(TestTokens.claims(id, "x", "admin").audience("another-app"))).get(WHOAMI).then()
                .statusCode(401);
    }

    @Test
    void refusesATokenOfADeletedOrUnknownUser() {
        with(TestTokens.valid(Long.MAX_VALUE, "ghost", "admin")).get(WHOAMI).then().statusCode(401);
    }

    @Test
    void aDisabledUserLosesAccessOnTheNextRequest() {
        long id = TestUsers.create(db, "operator");
        String token = TestTokens.valid(id, "x", "operator");
        with(token).get(WHOAMI).then().statusCode(200);
        TestUsers.disable(db, id);
        with(token).get(WHOAMI).then().statusCode(401);
    }

    @Test
    void aPasswordChangeRevokesTokensIssuedBeforeIt() {
        long id = TestUsers.create(db, "operator");
        String token = TestTokens
                .sign(TestTokens.claims(id, "x", "operator").issuedAt(Instant.now().minusSeconds(120)));
        with(token).get(WHOAMI).then().statusCode(200);
        TestUsers.passwordChangedAt(db, id, Instant.now().minusSeconds(60));
        with(token).get(WHOAMI).then().statusCode(401);
    }

    @Test
    void theRoleIsTheOneTheUserHasNowNotTheOneInTheToken() {
        long id = TestUsers.create(db, "admin");
        String token = TestTokens.valid(id, "x", "admin");
        TestUsers.setRole(db, id, "viewer");
        with(token).get(WHOAMI).then().statusCode(200).body("role", equalTo("viewer"));
    }

    @Test
    void refusesATokenWhoseLoginSessionWasSignedOutAndAcceptsOneWhoseSessionIsLive() {
        long id = TestUsers.create(db, "operator");
        java.util.UUID live = session(id, false);
        java.util.UUID signedOut = session(id, true);
        with(TestTokens.sign(TestTokens.claims(id, "x", "operator").claim("sid", live.toString()))).get(WHOAMI).then()
                .statusCode(200);
        with(TestTokens.sign(TestTokens.claims(id, "x", "operator").claim("sid", signedOut.toString()))).get(WHOAMI)
                .then().statusCode(401);
        with(TestTokens.sign(TestTokens.claims(id, "x", "operator").claim("sid", "not-a-uuid"))).get(WHOAMI).then()
                .statusCode(401);
    }

    /** A refresh-token family (a login session) of one token, revoked or not; its id. */
    private java.util.UUID session(long user, boolean revoked) {
        java.util.UUID family = java.util.UUID.randomUUID();
        DbRows.execute(db, "insert into refresh_tokens (id, family_id, user_id, token_hash, expires_at, revoked_at)"
                + " values (?, ?, ?, ?, now() + interval '1 day', case when ? then now() end)",
                java.util.UUID.randomUUID(),
                family, user, "hash-" + family, revoked);
        return family;
    }

    private static RequestSpecification with(String token) {
        return given().auth().oauth2(token);
    }
}
