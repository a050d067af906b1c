package dev.servermonitor.api.server;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import dev.servermonitor.api.PgErrors;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.host.HostDenyList;
import dev.servermonitor.common.security.CurrentUser;

/** The servers inventory: validated endpoints, one sealed credential each, every change audited. */
@ApplicationScoped
public class ServerService {

    private final Pool pool;
    private final ServerRepository servers;
    private final ServerPasswords passwords;
    private final AuditWriter audit;
    private final HostDenyList hostDeny;
    private final ServerListCache listCache;
    private final ObjectMapper json;

    public ServerService(Pool pool, ServerRepository servers, ServerPasswords passwords, AuditWriter audit,
            HostDenyList hostDeny, ServerListCache listCache, ObjectMapper json) {
        this.pool = pool;
        this.servers = servers;
        this.passwords = passwords;
        this.audit = audit;
        this.hostDeny = hostDeny;
        this.listCache = listCache;
        this.json = json;
    }

    /** Every server as the JSON array the API answers, serialised once per change of the servers. */
    public Uni<byte[]> listJson() {
        return listCache.get(() -> servers.list(pool).map(all -> {
            try {
                return json.writeValueAsBytes(all.stream().map(Server::view).toList());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the server list could not be serialised", e);
            }
        }));
    }

    /**
     * The server row, or null: how other features (tasks, credentials) read a server, rather than
     * through this feature's repository — one door for a rule about who may see which server.
     */
    public Uni<Server> find(long id) {
        return servers.findById(pool, id);
    }

    public Uni<ServerView> get(long id) {
        return servers.findById(pool, id).map(s -> ApiException.requireFound(s, "server", id).view());
    }

    public Uni<ServerView> create(ServerRequest request, CurrentUser actor, RequestOrigin origin) {
        request.validate(true, hostDeny);
        return pool.withTransaction(tx -> checkKey(tx, request).chain(() -> servers.insert(tx, fields(request)))
                .call(s -> audit.append(tx, entry("server.create", actor, s.id()).with(Map.of("name", s.name(),
                        "endpoint", endpoint(s), "credential", s.view().credential().type())), origin)))
                .onFailure(PgErrors::isUniqueViolation).transform(e -> duplicate()).map(Server::view)
                .onItemOrFailure().invoke((done, failed) -> listCache.forget());
    }

    /** A new host or port forgets the trusted host key: the new endpoint must be trusted again. */
    public Uni<ServerView> update(long id, ServerRequest request, CurrentUser actor, RequestOrigin origin) {
        request.validate(false, hostDeny);
        return pool.withTransaction(
                tx -> servers.findByIdForUpdate(tx, id).map(s -> ApiException.requireFound(s, "server", id))
                        .call(() -> checkKey(tx, request)).chain(before -> {
                            boolean moved = !before.host().equals(request.host())
                                    || before.port() != request.portOrDefault();
                            return servers.update(tx, id, fields(request), request.credential() != null, moved)
                                    .call(after -> audit.append(tx,
                                            entry("server.update", actor, id).with(Map.of("name",
                                                    after.name(), "endpoint", endpoint(after), "credentialReplaced",
                                                    request.credential() != null, "hostKeyReset",
                                                    moved && before.hostKeyFingerprint() != null)),
                                            origin));
                        }))
                .onFailure(PgErrors::isUniqueViolation).transform(e -> duplicate()).map(Server::view)
                .onItemOrFailure().invoke((done, failed) -> listCache.forget());
    }

    public Uni<Void> delete(long id, CurrentUser actor, RequestOrigin origin) {
        return pool.withTransaction(
                tx -> servers.findByIdForUpdate(tx, id).map(s -> ApiException.requireFound(s, "server", id))
                        .call(s -> servers.delete(tx, id)).call(s -> audit.append(tx, entry("server.delete", actor, id)
                                .with(Map.of("name", s.name(), "endpoint", endpoint(s))), origin))
                        .replaceWithVoid())
                .onItemOrFailure().invoke((done, failed) -> listCache.forget());
    }

    private Uni<Void> checkKey(SqlClient tx, ServerRequest request) {
        if (request.credential() == null || request.credential().sshKeyId() == null) {
            return Uni.createFrom().voidItem();
        }
        return servers.sshKeyUsable(tx, request.credential().sshKeyId()).invoke(ok -> {
            if (!ok) {
                throw ApiException.invalid(
                        "credential.sshKeyId " + request.credential().sshKeyId() + " is not a key in the vault");
            }
        }).replaceWithVoid();
    }

    private ServerRepository.Fields fields(ServerRequest r) {
        ServerRequest.Credential c = r.credential();
        return new ServerRepository.Fields(r.name().strip(), r.host(), r.portOrDefault(), r.username(),
                r.description(), r.tagArray(), c == null ? null : c.sshKeyId(),
                c == null || c.password() == null ? null : passwords.seal(c.password()));
    }

    private static String endpoint(Server s) {
        return s.username() + "@" + s.host() + ":" + s.port();
    }

    private static AuditEntry entry(String action, CurrentUser actor, long serverId) {
        return AuditEntry.of(action).by(actor.id(), actor.username()).on("server", serverId);
    }

    private static ApiException duplicate() {
        return new ApiException(409, "conflict", "A server with that host, port and username exists");
    }
}
