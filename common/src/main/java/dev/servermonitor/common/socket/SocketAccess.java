package dev.servermonitor.common.socket;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.security.ActiveUsers;
import dev.servermonitor.common.security.CurrentUser;

/**
 * Who may open one kind of socket, decided after the handshake so that a refusal is a close code
 * with a reason: a valid access token (signature, issuer, audience, expiry, pinned algorithm), an
 * active user whose role is among {@code roles} now, and an allowed {@code Origin}.
 */
public final class SocketAccess {

    /** A user let in, with the token (central-api may check it again). */
    public record Grant(CurrentUser user, JsonWebToken jwt, String token) {
    }

    static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private final JWTParser parser;
    private final ActiveUsers users;
    private final AllowedOrigins origins;
    private final Set<String> roles;
    private final String what;

    /**
     * @param what
     *            what the socket is for, in refusals: "open terminals", "watch live stats"
     */
    public SocketAccess(JWTParser parser, ActiveUsers users, List<String> allowedOrigins, Set<String> roles,
            String what) {
        this.parser = parser;
        this.users = users;
        this.origins = new AllowedOrigins(allowedOrigins);
        this.roles = Set.copyOf(roles);
        this.what = what;
    }

    /**
     * Judges an upgrade from its headers by name (websockets-next's {@code HandshakeRequest::header})
     * and its query string; fails with a {@link SocketRefusal}.
     */
    public Uni<Grant> check(UnaryOperator<String> header, String query) {
        return check(header.apply(SEC_WEBSOCKET_PROTOCOL), header.apply(SocketUpgradeFilter.AUTHORIZATION), query,
                header.apply(SocketUpgradeFilter.ORIGIN));
    }

    /** The headers as {@link SocketUpgradeFilter} left them. */
    private Uni<Grant> check(String subprotocols, String authorization, String query, String origin) {
        String token;
        try {
            token = SocketTokens.find(subprotocols, authorization, query, origin);
            origins.check(origin, what);
        } catch (SocketRefusal r) {
            return Uni.createFrom().failure(r);
        }
        if (token == null || token.isEmpty()) {
            return Uni.createFrom().failure(SocketRefusal.policy("invalid_token", "an access token is required"));
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            return Uni.createFrom()
                    .failure(SocketRefusal.policy("invalid_token", "the access token is invalid or has expired"));
        }
        return recheck(jwt).map(user -> new Grant(user, jwt, token));
    }

    /**
     * The token's user as the database knows them now, refused unless active and in one of the roles.
     * Database errors pass through unchanged: they are not a reason to refuse anyone.
     */
    public Uni<CurrentUser> recheck(JsonWebToken jwt) {
        return users.current(jwt).onFailure(AuthenticationFailedException.class)
                .transform(e -> SocketRefusal.policy("invalid_token", "access revoked: " + e.getMessage()))
                .invoke(user -> {
                    if (!roles.contains(user.role())) {
                        throw SocketRefusal.policy("forbidden", "role " + user.role() + " may not " + what);
                    }
                });
    }
}
