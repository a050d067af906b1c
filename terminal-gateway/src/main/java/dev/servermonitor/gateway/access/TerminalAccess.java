package dev.servermonitor.gateway.access;

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
import dev.servermonitor.gateway.GatewayConfig;

/**
 * Who may open a terminal, decided before any SSH work: admin or operator now, from an origin in
 * {@code TERMINAL_ALLOWED_ORIGINS} (the rules are {@link SocketAccess}').
 */
@ApplicationScoped
public class TerminalAccess {

    public static final Set<String> TERMINAL_ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR);

    private final SocketAccess access;

    public TerminalAccess(JWTParser parser, ActiveUsers users, GatewayConfig config) {
        this.access = new SocketAccess(parser, users, config.terminal().allowedOrigins().orElse(List.of()),
                TERMINAL_ROLES, "open terminals");
    }

    public Uni<SocketAccess.Grant> check(HandshakeRequest request) {
        return access.check(request.header(HandshakeRequest.SEC_WEBSOCKET_PROTOCOL),
                request.header(SocketUpgradeFilter.AUTHORIZATION), request.query(),
                request.header(SocketUpgradeFilter.ORIGIN));
    }

    /** The user as the database knows them now, refused unless active and admin or operator. */
    public Uni<CurrentUser> recheck(JsonWebToken jwt) {
        return access.recheck(jwt);
    }
}
