package dev.servermonitor.api.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.api.server.Server;
import dev.servermonitor.api.server.ServerCredentials;
import dev.servermonitor.api.server.ServerService;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.ActiveUsers;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;
import dev.servermonitor.common.ssh.SshCredentials;
import dev.servermonitor.common.ssh.SshCredentialsRequest;

/**
 * Hands SSH credentials to the other services. Only {@code INTERNAL_API_TOKEN} opens it; for a
 * terminal the user's own access token must also belong to an active admin or operator. Every
 * hand-out is audited.
 */
@ApplicationScoped
public class InternalCredentialsService {

    static final Set<String> TERMINAL_ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR);

    private final ApiConfig config;
    private final Pool pool;
    private final ServerService servers;
    private final ServerCredentials credentials;
    private final JWTParser jwt;
    private final ActiveUsers users;
    private final AuditWriter audit;

    public InternalCredentialsService(ApiConfig config, Pool pool, ServerService servers,
            ServerCredentials credentials, JWTParser jwt, ActiveUsers users, AuditWriter audit) {
        this.config = config;
        this.pool = pool;
        this.servers = servers;
        this.credentials = credentials;
        this.jwt = jwt;
        this.users = users;
        this.audit = audit;
    }

    /**
     * 401 unless {@code authorization} is {@code Bearer <INTERNAL_API_TOKEN>}; compared in constant
     * time.
     */
    public void requireServiceToken(String authorization) {
        String expected = config.internalApiToken().orElseThrow(() -> new ApiException(503, "internal_api_unavailable",
                "INTERNAL_API_TOKEN is not configured"));
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7)
                : "";
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "unauthorized", "A valid service token is required");
        }
    }

    public Uni<SshCredentials> issue(SshCredentialsRequest request, RequestOrigin origin) {
        request.validate();
        Uni<CurrentUser> user = SshCredentialsRequest.TERMINAL.equals(request.purpose())
                ? terminalUser(request.userToken())
                : Uni.createFrom().nullItem();
        return user.chain(u -> servers.find(request.serverId()).chain(server -> {
            if (server == null) {
                throw new ApiException(404, "not_found", "No server with id " + request.serverId());
            }
            if (!server.hostKeyTrusted()) {
                throw new ApiException(409, "host_key_untrusted", "The server's host key has not been trusted yet");
            }
            return view(server).call(view -> pool.withTransaction(tx -> audit.append(tx,
                    AuditEntry.of("credentials.issue").by(u == null ? null : u.id(), u == null ? null : u.username())
                            .on("server", server.id())
                            .with(Map.of("purpose", request.purpose(), "service", request.serviceOrUnknown(),
                                    "credential", view.type())),
                    origin)));
        }));
    }

    private Uni<CurrentUser> terminalUser(String token) {
        try {
            return users.current(jwt.parse(token)).onFailure().transform(
                    e -> new ApiException(403, "forbidden", "The user's token is not valid: " + e.getMessage()))
                    .invoke(u -> {
                        if (!TERMINAL_ROLES.contains(u.role())) {
                            throw new ApiException(403, "forbidden", "Role " + u.role() + " may not open a terminal");
                        }
                    });
        } catch (ParseException e) {
            return Uni.createFrom().failure(new ApiException(403, "forbidden", "The user's token is not valid"));
        }
    }

    private Uni<SshCredentials> view(Server s) {
        if (s.sshKeyId() == null) {
            return Uni.createFrom().item(new SshCredentials(s.id(), s.host(), s.port(), s.username(),
                    s.hostKeyFingerprint(), "password", null, null, credentials.password(s)));
        }
        return credentials.keyMaterial(s.sshKeyId()).map(key -> new SshCredentials(s.id(), s.host(), s.port(),
                s.username(), s.hostKeyFingerprint(), "ssh_key", key.privateKey(), key.passphrase(), null));
    }
}
