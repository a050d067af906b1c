package dev.servermonitor.gateway.access;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.websockets.next.HandshakeRequest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.security.ActiveUsers;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;
import dev.servermonitor.gateway.GatewayConfig;
import dev.servermonitor.gateway.session.TerminalRefusal;

/**
 * Who may open a terminal, decided before any SSH work: a valid access token (signature, issuer,
 * audience, expiry, pinned algorithm), an active user who is admin or operator now, and an allowed
 * {@code Origin}. A token in the query string is accepted only from a browser (with an Origin);
 * other clients send {@code Authorization}.
 */
@ApplicationScoped
public class TerminalAccess {

    public static final Set<String> TERMINAL_ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR);
    /**
     * The subprotocol entry that carries the token; a JWT is made of characters a subprotocol may hold.
     */
    static final String SUBPROTOCOL_TOKEN_PREFIX = "bearer.";

    /** A user let in, with the token that central-api will check again. */
    public record Grant(CurrentUser user, JsonWebToken jwt, String token) {
    }

    private final JWTParser parser;
    private final ActiveUsers users;
    private final Set<String> allowedOrigins;

    public TerminalAccess(JWTParser parser, ActiveUsers users, GatewayConfig config) {
        this.parser = parser;
        this.users = users;
        this.allowedOrigins = config.terminal().allowedOrigins().orElse(List.of()).stream()
                .map(TerminalAccess::normalise).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public Uni<Grant> check(HandshakeRequest request) {
        String origin = request.header(TerminalUpgradeFilter.ORIGIN);
        String token;
        try {
            token = token(request, origin);
        } catch (TerminalRefusal r) {
            return Uni.createFrom().failure(r);
        }
        if (origin != null && !allowedOrigins.contains(normalise(origin))) {
            return refuse("bad_origin", "origin " + abbreviate(origin) + " is not allowed to open terminals");
        }
        if (token == null || token.isEmpty()) {
            return refuse("invalid_token", "an access token is required");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            return refuse("invalid_token", "the access token is invalid or has expired");
        }
        return recheck(jwt).map(user -> new Grant(user, jwt, token));
    }

    /**
     * From the subprotocol list (browsers), the Authorization header (other clients) or the
     * {@code access_token} query parameter (browsers only); null when there is none.
     */
    private static String token(HandshakeRequest request, String origin) {
        String fromSubprotocol = subprotocolToken(request.header(HandshakeRequest.SEC_WEBSOCKET_PROTOCOL));
        if (fromSubprotocol != null) {
            return fromSubprotocol;
        }
        String header = request.header(TerminalUpgradeFilter.AUTHORIZATION);
        if (header != null && !header.isBlank()) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw TerminalRefusal.policy("invalid_token", "Authorization must be 'Bearer <access token>'");
            }
            return header.substring(7).strip();
        }
        String fromQuery = queryParam(request.query(), "access_token");
        if (fromQuery != null && origin == null) {
            throw TerminalRefusal.policy("bad_origin",
                    "a token in the query string is accepted only from a browser; other clients send Authorization");
        }
        return fromQuery;
    }

    /**
     * The token's user as the database knows them now, refused unless active and admin or operator.
     * Database errors pass through unchanged: they are not a reason to refuse anyone.
     */
    public Uni<CurrentUser> recheck(JsonWebToken jwt) {
        return users.current(jwt).onFailure(AuthenticationFailedException.class)
                .transform(e -> TerminalRefusal.policy("invalid_token", "access revoked: " + e.getMessage()))
                .invoke(user -> {
                    if (!TERMINAL_ROLES.contains(user.role())) {
                        throw TerminalRefusal.policy("forbidden", "role " + user.role() + " may not open a terminal");
                    }
                });
    }

    /**
     * The token from {@code Sec-WebSocket-Protocol: bearer-token-carrier, bearer.<jwt>}; null when
     * there is none.
     */
    static String subprotocolToken(String header) {
        if (header == null) {
            return null;
        }
        for (String entry : header.split(",")) {
            String e = entry.strip();
            if (e.startsWith(SUBPROTOCOL_TOKEN_PREFIX) && e.length() > SUBPROTOCOL_TOKEN_PREFIX.length()) {
                return e.substring(SUBPROTOCOL_TOKEN_PREFIX.length());
            }
        }
        return null;
    }

    /** A query parameter, URL-decoded; null when absent. */
    public static String queryParam(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
        }
        return null;
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    private static <T> Uni<T> refuse(String code, String message) {
        return Uni.createFrom().failure(TerminalRefusal.policy(code, message));
    }
}
