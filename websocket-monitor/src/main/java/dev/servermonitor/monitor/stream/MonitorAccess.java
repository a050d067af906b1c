package dev.servermonitor.monitor.stream;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.jwt.auth.principal.JWTParser;

import dev.servermonitor.common.security.ActiveUsers;
import dev.servermonitor.common.security.Roles;
import dev.servermonitor.common.socket.SocketAccess;
import dev.servermonitor.monitor.MonitorConfig;

/**
 * Who may watch live stats: viewer and above (admin, operator, viewer) now, from an origin in
 * {@code MONITOR_ALLOWED_ORIGINS} (the rules are {@link SocketAccess}').
 */
@ApplicationScoped
public class MonitorAccess {

    public static final Set<String> WATCH_ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER);

    @Produces
    @Singleton
    SocketAccess monitorAccess(JWTParser parser, ActiveUsers users, MonitorConfig config) {
        return new SocketAccess(parser, users, config.stream().allowedOrigins().orElse(List.of()), WATCH_ROLES,
                "watch live stats");
    }
}
