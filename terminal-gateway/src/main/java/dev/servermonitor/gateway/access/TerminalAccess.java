package dev.servermonitor.gateway.access;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.jwt.auth.principal.JWTParser;

import dev.servermonitor.common.security.ActiveUsers;
import dev.servermonitor.common.security.Roles;
import dev.servermonitor.common.socket.SocketAccess;
import dev.servermonitor.gateway.GatewayConfig;

/**
 * Who may open a terminal, decided before any SSH work: admin or operator now, from an origin in
 * {@code TERMINAL_ALLOWED_ORIGINS} (the rules are {@link SocketAccess}').
 */
@ApplicationScoped
public class TerminalAccess {

    public static final Set<String> TERMINAL_ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR);

    @Produces
    @Singleton
    SocketAccess terminalAccess(JWTParser parser, ActiveUsers users, GatewayConfig config) {
        return new SocketAccess(parser, users, config.terminal().allowedOrigins().orElse(List.of()), TERMINAL_ROLES,
                "open terminals");
    }
}
