package dev.servermonitor.api.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import dev.servermonitor.api.PgErrors;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.ActiveUsers;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;

/**
 * User management and its rules: admins manage everyone, users edit only their own e-mail and
 * password, nobody changes their own role, and the last active admin cannot be deleted, disabled or
 * demoted. Every change is audited in its own transaction; disabling a user or changing a password
 * revokes their sessions.
 */
@ApplicationScoped
public class UserService {

    private final Pool pool;
    private final UserRepository users;
    private final UserSessions sessions;
    private final PasswordHasher hasher;
    private final AuditWriter audit;
    private final ActiveUsers access;

    public UserService(Pool pool, UserRepository users, UserSessions sessions, PasswordHasher hasher,
            AuditWriter audit, ActiveUsers access) {
        this.access = access;
        this.pool = pool;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.audit = audit;
    }

    public Uni<List<UserView>> list() {
        return users.list(pool).map(all -> all.stream().map(User::view).toList());
    }

    public Uni<UserView> get(long id) {
        return users.findById(pool, id).map(user -> ApiException.requireFound(user, "user", id).view());
    }

    public Uni<UserView> create(UserRequests.Create request, CurrentUser actor, RequestOrigin origin) {
        request.validate();
        return hasher.hash(request.password()).chain(hash -> pool.withTransaction(tx -> users
                .insert(tx, request.username(), request.email(), hash, request.role())
                .call(user -> audit.append(tx, entry("user.create", actor, user)
                        .with(Map.of("username", user.username(), "role", user.role())), origin))))
                .onFailure(PgErrors::isUniqueViolation).transform(e -> taken()).map(User::view);
    }

    public Uni<UserView> update(long id, UserRequests.Update request, CurrentUser actor, RequestOrigin origin) {
        request.validate();
        return pool.withTransaction(tx -> users.findByIdForUpdate(tx, id).chain(found -> {
            User user = ApiException.requireFound(found, "user", id);
            String role = request.role() == null ? user.role() : request.role();
            boolean enabled = request.enabled() == null ? user.enabled() : request.enabled();
            String email = request.email() == null ? user.email() : request.email();
            if (actor.id() == id && !role.equals(user.role())) {
                throw new ApiException(403, "forbidden", "You cannot change your own role");
            }
            boolean losesAdmin = user.activeAdmin() && (!Roles.ADMIN.equals(role) || !enabled);
            List<String> changed = changes(user, email, role, enabled);
            return guardLastAdmin(tx, losesAdmin, "disabled or demoted")
                    .chain(() -> users.update(tx, id, email, role, enabled))
                    .call(() -> user.enabled() && !enabled
                            ? sessions.endAllOf(tx, id)
                            : Uni.createFrom().voidItem())
                    .call(updated -> audit.append(tx, entry("user.update", actor, updated)
                            .with(Map.of("changed", changed, "role", role, "enabled", enabled)), origin));
        })).invoke(() -> access.forgetUser(id)).onFailure(PgErrors::isUniqueViolation).transform(e -> taken())
                .map(User::view);
    }

    /** The caller's own e-mail; sending any role but their own is refused. */
    public Uni<UserView> updateMe(UserRequests.UpdateMe request, CurrentUser actor, RequestOrigin origin) {
        request.validate();
        if (request.role() != null && !request.role().equals(actor.role())) {
            return Uni.createFrom().failure(new ApiException(403, "forbidden", "You cannot change your own role"));
        }
        return pool.withTransaction(tx -> users.findByIdForUpdate(tx, actor.id()).chain(found -> {
            User user = ApiException.requireFound(found, "user", actor.id());
            String email = request.email() == null ? user.email() : request.email();
            return users.update(tx, user.id(), email, user.role(), user.enabled())
                    .call(updated -> audit.append(tx, entry("user.update", actor, updated)
                            .with(Map.of("changed", changes(user, email, user.role(), user.enabled()))), origin));
        })).onFailure(PgErrors::isUniqueViolation).transform(e -> taken()).map(User::view);
    }

    public Uni<Void> delete(long id, CurrentUser actor, RequestOrigin origin) {
        return pool.withTransaction(tx -> users.findByIdForUpdate(tx, id).chain(found -> {
            User user = ApiException.requireFound(found, "user", id);
            return guardLastAdmin(tx, user.activeAdmin(), "deleted").chain(() -> users.delete(tx, id))
                    .chain(() -> audit.append(tx, entry("user.delete", actor, user)
                            .with(Map.of("username", user.username(), "role", user.role())), origin));
        })).invoke(() -> access.forgetUser(id));
    }

    /**
     * One's own password needs the current one; an admin resets anyone else's without it. Afterwards
     * every access token issued before the change fails and every refresh token is revoked.
     */
    public Uni<Void> changePassword(long id, UserRequests.PasswordChange request, CurrentUser actor,
            RequestOrigin origin) {
        boolean self = actor.id() == id;
        if (!self && !Roles.ADMIN.equals(actor.role())) {
            return Uni.createFrom()
                    .failure(new ApiException(403, "forbidden", "Only an admin can reset another user's password"));
        }
        request.validate();
        if (self && (request.currentPassword() == null || request.currentPassword().isEmpty())) {
            return Uni.createFrom().failure(ApiException.invalid("currentPassword is required"));
        }
        return users.findById(pool, id).map(user -> ApiException.requireFound(user, "user", id))
                .call(user -> self ? hasher.matches(request.currentPassword(), user.passwordHash()).invoke(ok -> {
                    if (!ok) {
                        throw new ApiException(403, "forbidden", "currentPassword is wrong");
                    }
                }) : Uni.createFrom().voidItem())
                .chain(user -> hasher.hash(request.newPassword()).chain(hash -> pool.withTransaction(tx -> users
                        .setPassword(tx, id, hash).chain(() -> sessions.endAllOf(tx, id))
                        .chain(revoked -> audit.append(tx, entry("user.password_change", actor, user)
                                .with(Map.of("by", self ? "self" : "admin", "revokedSessions", revoked)), origin))))
                        .invoke(() -> access.forgetUser(id)));
    }

    private Uni<Void> guardLastAdmin(SqlClient tx, boolean losesAdmin, String what) {
        if (!losesAdmin) {
            return Uni.createFrom().voidItem();
        }
        return users.lockActiveAdmins(tx).invoke(admins -> {
            if (admins <= 1) {
                throw new ApiException(409, "conflict", "The last active admin cannot be " + what);
            }
        }).replaceWithVoid();
    }

    private static List<String> changes(User before, String email, String role, boolean enabled) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(before.email(), email)) {
            changed.add("email");
        }
        if (!before.role().equals(role)) {
            changed.add("role");
        }
        if (before.enabled() != enabled) {
            changed.add("enabled");
        }
        return changed;
    }

    private static AuditEntry entry(String action, CurrentUser actor, User target) {
        return AuditEntry.of(action).by(actor.id(), actor.username()).on("user", target.id());
    }

    private static ApiException taken() {
        return new ApiException(409, "conflict", "That username or e-mail is already in use");
    }
}
