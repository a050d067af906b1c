package dev.servermonitor.common.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * The one place {@code JWT_SECRET} becomes a key: smallrye-jwt reads keys only as PEM or JWK, so
 * the raw secret is published as an HS256 JWK ({@code kty=oct}) for both verifying and signing.
 * Operators set a plain string; nobody base64-encodes anything by hand.
 */
public class JwtKeyConfigSourceFactory implements ConfigSourceFactory {

    static final String SECRET = "JWT_SECRET";
    /**
     * Below application.properties (250) and microprofile-config.properties (100): explicit config
     * wins.
     */
    static final int ORDINAL = 90;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue secret = context.getValue(SECRET);
        if (secret == null || secret.getValue() == null || secret.getValue().isBlank()) {
            return List.of();
        }
        String jwk = jwk(secret.getValue());
        return List.of(new PropertiesConfigSource(
                Map.of("smallrye.jwt.verify.secretkey", jwk, "smallrye.jwt.sign.key", jwk), "jwt-secret-as-jwk",
                ORDINAL));
    }

    static String jwk(String secret) {
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return "{\"kty\":\"oct\",\"alg\":\"HS256\",\"k\":\"" + k + "\"}";
    }
}
