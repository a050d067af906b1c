package dev.servermonitor.api.setup;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import dev.servermonitor.api.auth.AuthService;
import dev.servermonitor.api.auth.TokenResponse;
import dev.servermonitor.api.user.PasswordHasher;
import dev.servermonitor.api.user.User;
import dev.servermonitor.api.user.UserRepository;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.Roles;

/** The first administrator: created only while no user exists, never with a default password. */
@ApplicationScoped
public class SetupService {

    /** Serialises concurrent first-admin attempts across replicas (pg_advisory_xact_lock key). */
    static final long SETUP_LOCK = 0x5e7_0b00_7L;

    private final Pool pool;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditWriter audit;
    private final AuthService auth;

    public SetupService(Pool pool, UserRepository users, PasswordHasher hasher, AuditWriter audit, AuthService auth) {
        this.pool = pool;
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.auth = auth;
    }

    public Uni<Boolean> needsSetup() {
        return users.count(pool).map(n -> n == 0);
    }

    /** Creates the first admin and logs them in; 409 once any user exists. */
    public Uni<TokenResponse> initialize(SetupRequest request, RequestOrigin origin) {
        request.validate();
        return hasher.hash(request.password()).chain(hash -> pool.withTransaction(
                tx -> createFirstAdmin(tx, request.username(), request.email(), hash, "setup.initialize", origin)
                        .chain(admin -> auth.startSession(tx, admin))));
    }

    /**
     * Inserts the admin if the table is still empty, under a lock so that two concurrent attempts
     * cannot both succeed; audited as {@code action}.
     */
    Uni<User> createFirstAdmin(SqlClient tx, String username, String email, String hash, String action,
            RequestOrigin origin) {
        return tx.preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(SETUP_LOCK))
                .chain(() -> users.count(tx)).chain(n -> {
                    if (n > 0) {
                        return Uni.createFrom().failure(new ApiException(409, "conflict",
                                "Setup is already done: users exist. Log in instead."));
                    }
                    return users.insert(tx, username, email, hash, Roles.ADMIN);
                }).call(admin -> audit.append(tx, AuditEntry.of(action).by(admin.id(), admin.username())
                        .on("user", admin.id()).with(Map.of("role", Roles.ADMIN)), origin));
    }
}
