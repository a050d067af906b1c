package dev.servermonitor.common.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.restassured.specification.RequestSpecification;

/**
 * Every service verifies access tokens the same way: issuer, audience, expiry and signature are
 * checked, the algorithm is pinned, and the user row decides at each request (deleted, disabled,
 * password changed, role, session signed out) — from what the service keeps, told of every change
 * within a second, so that a kept answer costs no database round trip. Run through
 * {@code GET /api/auth/whoami}, which every service serves.
 */
public abstract class TokenContractTest {

    private static final String WHOAMI = "/api/auth/whoami";

    @Inject
    DataSource db;
    @Inject
    MeterRegistry registry;

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

    /*
     * The changes below are made straight in the database, as another service or replica would: each
     * reaches this service as a Postgres notification, so they are awaited for up to a second (the
     * promise), after the answer has been seen kept.
     */

    @Test
    void aDisabledUserLosesAccessWithinASecond() {
        long id = TestUsers.create(db, "operator");
        String token = TestTokens.valid(id, "x", "operator");
        awaitKept(token);
        TestUsers.disable(db, id);
        withinASecond(() -> with(token).get(WHOAMI).then().statusCode(401));
    }

    @Test
    void aPasswordChangeRevokesTokensIssuedBeforeItWithinASecond() {
        long id = TestUsers.create(db, "operator");
        String token = TestTokens
                .sign(TestTokens.claims(id, "x", "operator").issuedAt(Instant.now().minusSeconds(120)));
        awaitKept(token);
        TestUsers.passwordChangedAt(db, id, Instant.now().minusSeconds(60));
        withinASecond(() -> with(token).get(WHOAMI).then().statusCode(401));
    }

    @Test
    void theRoleIsTheOneTheUserHasNowNotTheOneInTheToken() {
        long id = TestUsers.create(db, "admin");
        String token = TestTokens.valid(id, "x", "admin");
        awaitKept(token);
        TestUsers.setRole(db, id, "viewer");
        withinASecond(() -> with(token).get(WHOAMI).then().statusCode(200).body("role", equalTo("viewer")));
    }

    @Test
    void aSessionSignedOutElsewhereEndsWithinASecond() {
        long id = TestUsers.create(db, "operator");
        java.util.UUID family = session(id, false);
        String token = TestTokens.sign(TestTokens.claims(id, "x", "operator").claim("sid", family.toString()));
        awaitKept(token);
        DbRows.execute(db, "update refresh_tokens set revoked_at = now() where family_id = ?", family);
        withinASecond(() -> with(token).get(WHOAMI).then().statusCode(401));
    }

    @Test
    void aDeletedUserLosesAccessWithinASecond() {
        long id = TestUsers.create(db, "viewer");
        String token = TestTokens.valid(id, "x", "viewer");
        awaitKept(token);
        DbRows.execute(db, "delete from users where id = ?", id);
        withinASecond(() -> with(token).get(WHOAMI).then().statusCode(401));
    }

    @Test
    void aKeptAnswerCostsNoDatabaseRoundTrip() {
        long id = TestUsers.create(db, "operator");
        String token = TestTokens.valid(id, "x", "operator");
        awaitKept(token);
        long before = lookups();
        for (int i = 0; i < 20; i++) {
            with(token).get(WHOAMI).then().statusCode(200);
        }
        assertThat(lookups()).isEqualTo(before);
    }

    /** Waits until a request with {@code token} is answered from what the service keeps. */
    private void awaitKept(String token) {
        // a user not seen before is asked of the database (and so the count below counts something)
        long first = lookups();
        with(token).get(WHOAMI).then().statusCode(200);
        assertThat(lookups()).isEqualTo(first + 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            long before = lookups();
            with(token).get(WHOAMI).then().statusCode(200);
            return lookups() == before;
        });
    }

    /** How often this service has asked the database who a token's user is. */
    private long lookups() {
        return registry.find("servermonitor.db.query").tag("query", "select users").timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private static void withinASecond(ThrowingRunnable check) {
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(check);
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
