package dev.servermonitor.common.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Access tokens as central-api issues them, and the kinds of bad token every service must refuse.
 */
public final class TestTokens {

    public static final String ISSUER = "servermonitor";
    public static final String AUDIENCE = "servermonitor";

    private TestTokens() {
    }

    public static String valid(long userId, String username, String role) {
        return sign(claims(userId, username, role));
    }

    /** The claims central-api puts in an access token: 15 minutes from now. */
    public static JwtClaimsBuilder claims(long userId, String username, String role) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(Long.toString(userId)).upn(username).groups(role)
                .claim("jti", UUID.randomUUID().toString()).issuedAt(now).expiresAt(now.plusSeconds(900));
    }

    public static String sign(JwtClaimsBuilder claims) {
        return sign(claims, secret());
    }

    public static String sign(JwtClaimsBuilder claims, String secret) {
        return claims.jws().algorithm(SignatureAlgorithm.HS256).signWithSecret(secret);
    }

    public static String secret() {
        return ConfigProvider.getConfig().getValue("JWT_SECRET", String.class);
    }

    /**
     * The same claims with the signature of the original token: the payload was edited after signing.
     */
    public static String withEditedPayload(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return parts[0] + "." + b64(payload.replace(from, to)) + "." + parts[2];
    }

    /** The same claims, unsigned, with {@code "alg":"none"}. */
    public static String unsigned(String token) {
        String[] parts = token.split("\\.");
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
