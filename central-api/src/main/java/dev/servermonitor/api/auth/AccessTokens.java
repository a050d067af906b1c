package dev.servermonitor.api.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.api.user.User;
import dev.servermonitor.common.security.ActiveUsers;

/**
 * Signs access JWTs (HS256, JWT_SECRET; issuer and audience from smallrye.jwt.new-token.*): sub =
 * user id, upn, groups = [role], jti, iat, exp, and sid = the login session (refresh-token family),
 * so that signing out or a revoked session ends the access token too (ActiveUsers).
 */
@ApplicationScoped
public class AccessTokens {

    private final ApiConfig config;

    public AccessTokens(ApiConfig config) {
        this.config = config;
    }

    public String issue(User user, UUID session) {
        Instant now = Instant.now();
        return Jwt.subject(Long.toString(user.id())).upn(user.username()).groups(user.role())
                .claim("jti", UUID.randomUUID().toString()).claim(ActiveUsers.SESSION_CLAIM, session.toString())
                .issuedAt(now)
                .expiresAt(now.plus(config.auth().accessTokenTtl())).sign();
    }

    public long ttlSeconds() {
        return config.auth().accessTokenTtl().toSeconds();
    }
}
