package dev.servermonitor.common.socket;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The browser origins a socket accepts, exact {@code scheme://host[:port]}, compared without case
 * and trailing slash. A request without an Origin is not a browser's and is not judged here.
 */
public final class AllowedOrigins {

    private final Set<String> origins;

    public AllowedOrigins(List<String> origins) {
        this.origins = origins.stream().map(AllowedOrigins::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** Refuses a browser origin that is not in the list, naming it (abbreviated) in the message. */
    public void check(String origin, String what) {
        if (origin != null && !origins.contains(normalise(origin))) {
            String shown = origin.length() > 100 ? origin.substring(0, 100) + "…" : origin;
            throw SocketRefusal.policy("bad_origin", "origin " + shown + " is not allowed to " + what);
        }
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
