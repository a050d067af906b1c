package dev.servermonitor.api.auth;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.api.user.PasswordHasher;
import dev.servermonitor.api.user.PasswordPolicy;
import dev.servermonitor.api.user.User;
import dev.servermonitor.api.user.UserRepository;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.error.RateLimitedException;
import dev.servermonitor.common.security.ActiveUsers;

/**
 * Login, refresh-token rotation and logout; each state change is audited in its own transaction.
 */
@ApplicationScoped
public class AuthService {

    /** The same words whether the user exists or not. */
    static final String BAD_CREDENTIALS = "Invalid username or password";
    static final String BAD_REFRESH = "Refresh token is invalid, expired or revoked";

    private final Pool pool;
    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final LoginThrottle throttle;
    private final PasswordHasher hasher;
    private final AccessTokens accessTokens;
    private final AuditWriter audit;
    private final ApiConfig config;
    private final MeterRegistry registry;
    private final ActiveUsers access;

    public AuthService(Pool pool, UserRepository users, RefreshTokenRepository refreshTokens, LoginThrottle throttle,
            PasswordHasher hasher, AccessTokens accessTokens, AuditWriter audit, ApiConfig config,
            MeterRegistry registry, ActiveUsers access) {
        this.registry = registry;
        this.access = access;
        this.pool = pool;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.hasher = hasher;
        this.accessTokens = accessTokens;
        this.audit = audit;
        this.config = config;
    }

    /**
     * The attempt is counted (per account and IP) before the password is checked, so parallel guesses
     * cannot outrun the lockout; a success forgets the count.
     */
    public Uni<TokenResponse> login(LoginRequest request, RequestOrigin origin) {
        request.validate();
        String ip = origin.ip() == null ? "unknown" : origin.ip();
        return users.findByLogin(pool, request.username()).chain(user -> {
            LoginThrottle.Key key = LoginThrottle.Key.of(user == null ? null : user.id(), request.username(), ip);
            return throttle.begin(pool, key).chain(attempt -> {
                if (attempt.refused()) {
                    counted("locked", user);
                    return Uni.createFrom().failure(locked(attempt.state()));
                }
                String password = request.password();
                if (!PasswordPolicy.fitsBcrypt(password)) {
                    return fail(user, request.username(), attempt.state(), origin, "password_too_long");
                }
                return hasher.matches(password, user == null ? null : user.passwordHash())
                        .chain(matches -> matches && user.enabled()
                                ? succeed(user, key, origin)
                                : fail(user, request.username(), attempt.state(), origin,
                                        matches ? "disabled" : "bad_password"));
            });
        });
    }

    /** A new session (refresh-token family) for a user who just proved who they are. */
    public Uni<TokenResponse> startSession(SqlClient tx, User user) {
        return session(tx, user, UUID.randomUUID());
    }

    /**
     * {@code servermonitor_logins_total{outcome,role}}: success, bad_password, unknown_user, disabled,
     * password_too_long or locked, with the account's role where there is one.
     */
    private void counted(String outcome, User user) {
        Counter.builder("servermonitor.logins").description("Login attempts by outcome and the account's role")
                .tag("outcome", outcome).tag("role", user == null ? "none" : user.role()).register(registry)
                .increment();
    }

    private Uni<TokenResponse> succeed(User user, LoginThrottle.Key key, RequestOrigin origin) {
        return pool.withTransaction(tx -> throttle.clear(tx, key).chain(() -> users.recordLogin(tx, user.id()))
                .chain(() -> audit.append(tx, AuditEntry.of("auth.login").by(user.id(), user.username())
                        .on("user", user.id()), origin))
                .chain(() -> startSession(tx, user))).invoke(() -> counted("success", user));
    }

    /**
     * The attempt is already counted; audits it, and the lock when this attempt was the last one
     * allowed.
     */
    private Uni<TokenResponse> fail(User user, String login, LoginThrottle.State state, RequestOrigin origin,
            String reason) {
        String why = user == null ? "unknown_user" : reason;
        counted(why, user);
        Long userId = user == null ? null : user.id();
        String attempted = login.length() > 100 ? login.substring(0, 100) : login;
        return pool.withTransaction(tx -> audit.append(tx, AuditEntry.of("auth.login_failed").by(userId, attempted)
                .on("user", userId).with(Map.of("reason", why, "failures", state.failures())), origin)
                .call(() -> state.locked()
                        ? audit.append(tx, AuditEntry.of("auth.locked").by(userId, attempted).on("user", userId)
                                .with(Map.of("failures", state.failures(), "retryAfterSeconds",
                                        state.retryAfterSeconds())),
                                origin)
                        : Uni.createFrom().voidItem()))
                .chain(() -> Uni.createFrom().failure(new ApiException(401, "unauthorized", BAD_CREDENTIALS)));
    }

    private RateLimitedException locked(LoginThrottle.State state) {
        return new RateLimitedException(state.retryAfterSeconds(), "Too many failed logins for this user from your"
                + " address; try again in " + state.retryAfterSeconds() + " s");
    }

    /**
     * Rotates a refresh token. Presenting one that was already used means it leaked: the whole family
     * (the session) is revoked, and that revocation commits although the request fails.
     */
    public Uni<TokenResponse> refresh(RefreshRequest request, RequestOrigin origin) {
        request.validate();
        return pool.withTransaction(tx -> refreshTokens.find(tx, request.refreshToken()).chain(stored -> {
            if (stored == null || stored.revoked() || stored.expired()) {
                return Uni.createFrom().item(Rotation.refused());
            }
            if (stored.used()) {
                return revokeForReuse(tx, stored, origin);
            }
            return refreshTokens.markUsed(tx, stored.id()).chain(won -> !won
                    ? revokeForReuse(tx, stored, origin)
                    : users.findById(tx, stored.userId()).chain(user -> user == null || !user.enabled()
                            ? refreshTokens.revokeFamily(tx, stored.familyId())
                                    .map(n -> Rotation.revoked(stored.familyId()))
                            : session(tx, user, stored.familyId()).map(Rotation::issued)));
        })).invoke(this::forgetRevoked).map(Rotation::tokensOrThrow);
    }

    /**
     * After the commit: this service's next request with the session's access token is refused at once.
     */
    private void forgetRevoked(Rotation rotation) {
        if (rotation.revokedFamily() != null) {
            access.forgetSession(rotation.revokedFamily());
        }
    }

    private Uni<Rotation> revokeForReuse(SqlClient tx, RefreshTokenRepository.Stored stored, RequestOrigin origin) {
        return refreshTokens.revokeFamily(tx, stored.familyId())
                .call(revoked -> audit.append(tx, AuditEntry.of("auth.refresh_reuse").by(stored.userId(), null)
                        .on("user", stored.userId())
                        .with(Map.of("family", stored.familyId().toString(), "revokedTokens", revoked)), origin))
                .map(n -> Rotation.revoked(stored.familyId()));
    }

    /**
     * Revokes the session the refresh token belongs to; unknown tokens are ignored (logout is
     * idempotent).
     */
    public Uni<Void> logout(RefreshRequest request, RequestOrigin origin) {
        request.validate();
        return pool.withTransaction(tx -> refreshTokens.find(tx, request.refreshToken()).chain(stored -> {
            if (stored == null || stored.revoked()) {
                return Uni.createFrom().<UUID>nullItem();
            }
            return refreshTokens.revokeFamily(tx, stored.familyId())
                    .chain(n -> audit.append(tx,
                            AuditEntry.of("auth.logout").by(stored.userId(), null).on("user", stored.userId()),
                            origin))
                    .replaceWith(stored.familyId());
        })).invoke(family -> {
            if (family != null) {
                access.forgetSession(family);
            }
        }).replaceWithVoid();
    }

    private Uni<TokenResponse> session(SqlClient tx, User user, UUID family) {
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(config.auth().refreshTokenTtl());
        return refreshTokens.create(tx, user.id(), family, expires).map(
                refresh -> new TokenResponse(accessTokens.issue(user, family), refresh, accessTokens.ttlSeconds(),
                        user.view()));
    }

    /**
     * The outcome of a rotation, decided inside the transaction and raised after it commits: new
     * tokens, or a refusal that may have revoked the token's family.
     */
    private record Rotation(TokenResponse tokens, UUID revokedFamily) {

        static Rotation refused() {
            return new Rotation(null, null);
        }

        static Rotation revoked(UUID family) {
            return new Rotation(null, family);
        }

        static Rotation issued(TokenResponse tokens) {
            return new Rotation(tokens, null);
        }

        TokenResponse tokensOrThrow() {
            if (tokens == null) {
                throw new ApiException(401, "unauthorized", BAD_REFRESH);
            }
            return tokens;
        }
    }
}
