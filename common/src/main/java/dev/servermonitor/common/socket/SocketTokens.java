package dev.servermonitor.common.socket;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a WebSocket client puts its access token (DESIGN.md "Identity and access"): browsers in the
 * subprotocol list ({@code bearer-token-carrier, bearer.<jwt>}) or, second best, the
 * {@code access_token} query parameter; other clients in {@code Authorization: Bearer}.
 */
public final class SocketTokens {

    /**
     * The subprotocol entry that carries the token; a JWT is made of characters a subprotocol may hold.
     */
    static final String SUBPROTOCOL_TOKEN_PREFIX = "bearer.";

    private SocketTokens() {
    }

    /**
     * The token, or null when there is none. A token in the query string is accepted only from a
     * browser (with an Origin): it leaks into access logs, and other clients can send a header.
     *
     * @param authorization
     *            the upgrade's Authorization header as {@link SocketUpgradeFilter} kept it
     */
    public static String find(String subprotocols, String authorization, String query, String origin) {
        String fromSubprotocol = subprotocolToken(subprotocols);
        if (fromSubprotocol != null) {
            return fromSubprotocol;
        }
        if (authorization != null && !authorization.isBlank()) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw SocketRefusal.policy("invalid_token", "Authorization must be 'Bearer <access token>'");
            }
            return authorization.substring(7).strip();
        }
        String fromQuery = queryParam(query, "access_token");
        if (fromQuery != null && origin == null) {
            throw SocketRefusal.policy("bad_origin",
                    "a token in the query string is accepted only from a browser; other clients send Authorization");
        }
        return fromQuery;
    }

    /**
     * The token from {@code Sec-WebSocket-Protocol: bearer-token-carrier, bearer.<jwt>}; null when
     * there is none.
     */
    public static String subprotocolToken(String header) {
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

    /** A query parameter, URL-decoded; null when absent, empty when undecodable. */
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
}
