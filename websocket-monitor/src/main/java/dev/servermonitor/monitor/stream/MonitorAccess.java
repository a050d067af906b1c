package dev.servermonitor.monitor.stream;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.websockets.next.HandshakeRequest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.security.ActiveUsers;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;
import dev.servermonitor.common.socket.SocketAccess;
import dev.servermonitor.common.socket.SocketUpgradeFilter;
import dev.servermonitor.monitor.MonitorConfig;

/**
 * Who may watch live stats: viewer and above (admin, operator, viewer) now, from an origin in
 * {@code MONITOR_ALLOWED_ORIGINS} (the rules are {@link SocketAccess}').
 */
@ApplicationScoped
public class MonitorAccess {

    public static final Set<String> WATCH_ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER);

    private final SocketAccess access;

    public MonitorAccess(JWTParser parser, ActiveUsers users, MonitorConfig config) {
        this.access = new SocketAccess(parser, users, config.stream().allowedOrigins().orElse(List.of()),
                WATCH_ROLES, "watch live stats");
    }

    Uni<SocketAccess.Grant> check(HandshakeRequest request) {
        return access.check(request.header(HandshakeRequest.SEC_WEBSOCKET_PROTOCOL),
                request.header(SocketUpgradeFilter.AUTHORIZATION), request.query(),
                request.header(SocketUpgradeFilter.ORIGIN));
    }

    Uni<CurrentUser> recheck(JsonWebToken jwt) {
        return access.recheck(jwt);
    }
}
