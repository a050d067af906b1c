package dev.servermonitor.common.security;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies an access token once, not on every request that carries it: smallrye-jwt's own parser
 * (signature, algorithm, issuer, audience, expiry) checks each token the first time it is seen, and
 * its answer is kept, keyed by the exact token text, until the moment that parser would start
 * refusing it — its expiry plus the configured clock skew, or its age limit if one is set. A token
 * that fails is never kept. Whether the user may still act is not decided here: {@link ActiveUsers}
 * asks that of every request, so a sign-out or a disabled account still takes effect at once.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    /**
     * At most this many tokens are kept (an access token is a few KiB once parsed): about one per
     * signed-in browser or script, as each holds one access token at a time.
     */
    static final int MAX_ENTRIES = 20_000;

    private record Verified(JWTAuthContextInfo context, JWTCallerPrincipal principal, long validUntilSeconds) {
    }

    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public VerifiedTokens() {
        this(() -> System.currentTimeMillis() / 1000);
    }

    /** With a clock in epoch seconds (tests). */
    VerifiedTokens(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        long now = clock.getAsLong();
        Verified kept = verified.get(token);
        if (kept != null) {
            if (kept.context() == context && now < kept.validUntilSeconds()) {
                return kept.principal();
            }
            verified.remove(token, kept);
        }
        JWTCallerPrincipal principal = principal(parser.parse(token, context));
        long until = validUntil(principal, context);
        if (now < until) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.values().removeIf(v -> v.validUntilSeconds() <= now);
            }
            // full of tokens still valid: this one is verified on each use, the kept ones stay kept
            if (verified.size() < MAX_ENTRIES) {
                verified.put(token, new Verified(context, principal, until));
            }
        }
        return principal;
    }

    /**
     * What smallrye-jwt's {@code DefaultJWTCallerPrincipalFactory} makes of a verified token, as
     * {@link Principal}.
     */
    private static JWTCallerPrincipal principal(JwtContext verified) {
        String type = ((JsonWebStructure) verified.getJoseObjects().get(0)).getHeader("typ");
        return new Principal(type, verified.getJwtClaims());
    }

    /**
     * smallrye-jwt's principal, but a claim that is not one of MicroProfile's ({@code sid}, read on
     * every request) is looked up without an exception: the original tries {@code Claims.valueOf} and
     * catches what it throws, a stack trace filled in per claim read.
     */
    static final class Principal extends DefaultJWTCallerPrincipal {

        private static final Map<String, Claims> STANDARD = Arrays.stream(Claims.values())
                .collect(Collectors.toUnmodifiableMap(Claims::name, c -> c));

        Principal(String type, JwtClaims claims) {
            super(type, claims);
        }

        @Override
        protected Claims getClaimType(String claimName) {
            return STANDARD.getOrDefault(claimName, Claims.UNKNOWN);
        }
    }

    /** How many tokens are kept (tests). */
    int size() {
        return verified.size();
    }

    /**
     * The first second at which smallrye-jwt would refuse the token: its expiry plus the allowed skew
     * (the grace period when one is set, as the parser does), or sooner when a token age limit applies.
     * What does not change with time (signature, issuer, audience, lifetime) was checked when it was
     * parsed.
     */
    private static long validUntil(JWTCallerPrincipal principal, JWTAuthContextInfo context) {
        int skew = context.getExpGracePeriodSecs() > 0 ? context.getExpGracePeriodSecs() : context.getClockSkew();
        long until = principal.getExpirationTime() + Math.max(0, skew);
        Long maxAge = context.getTokenAge();
        if (maxAge != null) {
            until = Math.min(until, principal.getIssuedAtTime() + maxAge + 1);
        }
        return until;
    }
}
