package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One simple command as it would run: wrappers such as {@code sudo}, {@code env} or {@code nohup}
 * removed, the program reduced to its base name ({@code /bin/rm} is {@code rm}), absolute paths
 * normalised ({@code //etc/./} is {@code /etc}, {@code /tmp/..} is {@code /}).
 */
record Command(String name, List<String> args, List<String> assignments, List<String> redirections) {

    /**
     * Redirections the allowlist tolerates: descriptor duplication and discarding into
     * {@code /dev/null}.
     */
    private static final Pattern HARMLESS_REDIRECTION = Pattern.compile("\\d*>&\\d|\\d*>&-|(?:\\d*|&)>>? /dev/null");

    /** What the rules read: the program, its arguments, then its redirections, one space apart. */
    String text() {
        List<String> parts = new ArrayList<>();
        if (name.isEmpty()) {
            parts.addAll(assignments);
        } else {
            parts.add(name);
            parts.addAll(args);
        }
        parts.addAll(redirections);
        return String.join(" ", parts);
    }

    /**
     * What the allowlist reads: as {@link #text()}, without harmless redirections and with any
     * environment assignment kept in front (so {@code LD_PRELOAD=x uptime} is not {@code uptime}).
     */
    String allowlistText() {
        List<String> parts = new ArrayList<>(assignments);
        if (!name.isEmpty()) {
            parts.add(name);
            parts.addAll(args);
        }
        for (String r : redirections) {
            if (!HARMLESS_REDIRECTION.matcher(r).matches()) {
                parts.add(r);
            }
        }
        return String.join(" ", parts);
    }

    /**
     * {@code /a//b/./c/../d} becomes {@code /a/b/d}; {@code of=/dev//sda} becomes {@code of=/dev/sda}.
     */
    static String normalizePath(String word) {
        if (!word.startsWith("/")) {
            int eq = word.indexOf('=');
            if (eq > 0 && eq + 1 < word.length() && word.charAt(eq + 1) == '/') {
                return word.substring(0, eq + 1) + normalizePath(word.substring(eq + 1));
            }
            return word;
        }
        List<String> segments = new ArrayList<>();
        for (String s : word.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else {
                segments.add(s);
            }
        }
        return "/" + String.join("/", segments);
    }
}
