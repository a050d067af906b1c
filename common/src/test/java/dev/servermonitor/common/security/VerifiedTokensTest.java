package dev.servermonitor.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;

/**
 * A kept verification answers only the exact token it verified, and never past the moment
 * smallrye-jwt's own parser would refuse that token.
 */
class VerifiedTokensTest {

    static final String SECRET = "verified-tokens-test-secret-0123456789abcdef";

    @Test
    void theSameTokenIsVerifiedOnceAndAnsweredFromWhatWasKept() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens();
        JWTAuthContextInfo context = context(60);
        String token = token(Instant.now().plusSeconds(900), SECRET);

        var first = tokens.parse(token, context);
        var second = tokens.parse(token, context);

        assertThat(second).isSameAs(first);
        assertThat(second.getSubject()).isEqualTo("7");
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void aTokenThatFailsIsNeverKeptAndAnEditedOneIsStillRefused() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens();
        JWTAuthContextInfo context = context(60);
        String good = token(Instant.now().plusSeconds(900), SECRET);
        tokens.parse(good, context);

        String forged = token(Instant.now().plusSeconds(900), "another-secret-0123456789abcdef-0123456789");
        assertThatThrownBy(() -> tokens.parse(forged, context)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse(forged, context)).isInstanceOf(ParseException.class);
        String[] parts = good.split("\\.");
        String edited = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2) + "AA";
        assertThatThrownBy(() -> tokens.parse(edited, context)).isInstanceOf(ParseException.class);
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void aKeptAnswerLastsUntilTheSecondTheParserWouldRefuseTheTokenAndNoLonger() throws Exception {
        long exp = Instant.now().getEpochSecond() + 900;
        AtomicLong now = new AtomicLong(Instant.now().getEpochSecond());
        VerifiedTokens tokens = new VerifiedTokens(now::get);
        JWTAuthContextInfo context = context(60);
        String token = token(Instant.ofEpochSecond(exp), SECRET);
        var first = tokens.parse(token, context);

        now.set(exp + 60 - 1); // the last second within expiry plus skew: still the kept answer
        assertThat(tokens.parse(token, context)).isSameAs(first);
        now.set(exp + 60); // the parser's first refusing second: asked again (here it still accepts, by the real clock)
        assertThat(tokens.parse(token, context)).isNotSameAs(first);
    }

    @Test
    void theGracePeriodCountsInsteadOfTheSkewWhenSetAndATokenAgeLimitEndsItSooner() throws Exception {
        long iat = Instant.now().getEpochSecond();
        long exp = iat + 900;
        AtomicLong now = new AtomicLong(iat);
        VerifiedTokens tokens = new VerifiedTokens(now::get);
        String token = token(Instant.ofEpochSecond(exp), SECRET);

        JWTAuthContextInfo grace = context(60);
        grace.setExpGracePeriodSecs(5);
        var first = tokens.parse(token, grace);
        now.set(exp + 4);
        assertThat(tokens.parse(token, grace)).isSameAs(first);
        now.set(exp + 5);
        assertThat(tokens.parse(token, grace)).isNotSameAs(first);

        JWTAuthContextInfo aged = context(60);
        aged.setTokenAge(30L);
        now.set(iat);
        var young = tokens.parse(token, aged);
        now.set(iat + 30);
        assertThat(tokens.parse(token, aged)).isSameAs(young);
        now.set(iat + 31);
        assertThat(tokens.parse(token, aged)).isNotSameAs(young);
    }

    @Test
    void aTokenPastExpiryIsRefusedOnceTheParserRefusesItEvenIfItWasKept() throws Exception {
        AtomicLong now = new AtomicLong(Instant.now().getEpochSecond());
        VerifiedTokens tokens = new VerifiedTokens(now::get);
        JWTAuthContextInfo context = context(1);
        String token = token(Instant.now().plusSeconds(1), SECRET);
        tokens.parse(token, context);

        Thread.sleep(3_100);
        now.set(Instant.now().getEpochSecond());
        assertThatThrownBy(() -> new DefaultJWTCallerPrincipalFactory().parse(token, context))
                .as("the parser itself refuses it now").isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse(token, context)).isInstanceOf(ParseException.class);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aDifferentVerificationContextIsNotAnsweredFromAnother() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens();
        String token = token(Instant.now().plusSeconds(900), SECRET);
        tokens.parse(token, context(60));

        JWTAuthContextInfo otherAudience = context(60);
        otherAudience.setExpectedAudience(Set.of("someone-else"));
        assertThatThrownBy(() -> tokens.parse(token, otherAudience)).isInstanceOf(ParseException.class);
    }

    @Test
    void theClaimsReadAsSmallryeJwtReadsThem() throws Exception {
        String token = Jwt.issuer("servermonitor").audience("servermonitor").subject("7").upn("someone")
                .groups("operator").claim("sid", "3f1c0e52-6b1e-4d8e-9a65-1b2c3d4e5f60").issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(900)).jws().algorithm(SignatureAlgorithm.HS256)
                .signWithSecret(SECRET);
        JWTAuthContextInfo context = context(60);

        var ours = new VerifiedTokens().parse(token, context);
        var theirs = new io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory().parse(token, context);

        for (String claim : new String[]{"sid", "sub", "upn", "iss", "exp", "iat", "groups", "aud", "absent"}) {
            assertThat(String.valueOf((Object) ours.getClaim(claim))).as(claim)
                    .isEqualTo(String.valueOf((Object) theirs.getClaim(claim)));
        }
        assertThat(ours.getClaim("sid").toString()).contains("3f1c0e52-6b1e-4d8e-9a65-1b2c3d4e5f60");
        assertThat(ours.getGroups()).containsExactly("operator");
        assertThat(ours.getName()).isEqualTo(theirs.getName()).isEqualTo("someone");
        assertThat(ours.getRawToken()).isEqualTo(token);
        assertThat(ours.getClaimNames()).isEqualTo(theirs.getClaimNames());
    }

    private static JWTAuthContextInfo context(int clockSkew) {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setSecretVerificationKey(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        context.setIssuedBy("servermonitor");
        context.setExpectedAudience(Set.of("servermonitor"));
        context.setClockSkew(clockSkew);
        return context;
    }

    private static String token(Instant expires, String secret) {
        return Jwt.issuer("servermonitor").audience("servermonitor").subject("7").upn("someone").groups("admin")
                .issuedAt(Instant.now()).expiresAt(expires).jws().algorithm(SignatureAlgorithm.HS256)
                .signWithSecret(secret);
    }
}
