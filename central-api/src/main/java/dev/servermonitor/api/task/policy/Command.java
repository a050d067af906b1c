package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One simple command as it would run: wrappers such as {@code sudo}, {@code env} or {@code nohup}
 * set aside in {@code wrappers} (with the options they were given), the program reduced to its base
 * name ({@code /bin/rm} is {@code rm}), paths normalised ({@code //etc/./} is {@code /etc},
 * {@code /tmp/..} is {@code /}, {@code ~/..} is {@code /}) and, for programs that change the files
 * they are given, resolved against the directory the shell would be in ({@code cd /; rm -rf *} is
 * {@code rm -rf /*}).
 */
record Command(String name, List<String> args, List<String> assignments, List<String> redirections,
        List<Wrapper> wrappers) {

    /** A wrapper the command runs behind, and the words it was given before the command. */
    record Wrapper(String name, List<String> options) {

        String text() {
            List<String> parts = new ArrayList<>(List.of(name));
            parts.addAll(options);
            return String.join(" ", parts);
        }
    }

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

    /** True when every redirection is one the allowlist tolerates. */
    boolean harmlessRedirections() {
        return redirections.stream().allMatch(r -> HARMLESS_REDIRECTION.matcher(r).matches());
    }

    /** The command as typed after normalisation, wrappers included, for reasons shown to users. */
    String fullText() {
        List<String> parts = new ArrayList<>();
        wrappers.forEach(w -> parts.add(w.text()));
        // assignments given through env are already among its options
        assignments.stream().filter(a -> wrappers.stream().noneMatch(w -> w.options().contains(a)))
                .forEach(parts::add);
        if (!name.isEmpty()) {
            parts.add(name);
            parts.addAll(args);
        }
        redirections.stream().filter(r -> !HARMLESS_REDIRECTION.matcher(r).matches()).forEach(parts::add);
        return String.join(" ", parts);
    }

    /**
     * A relative path resolved against {@code cwd} (an absolute path or one under {@code ~}); left as
     * it is when the directory is not known.
     */
    static String resolve(String cwd, String word) {
        if (cwd == null || word.startsWith("/") || word.startsWith("~") || word.isEmpty()) {
            return normalizePath(word);
        }
        return normalizePath(cwd + "/" + word);
    }

    /**
     * {@code /a//b/./c/../d} becomes {@code /a/b/d}; {@code of=/dev//sda} becomes {@code of=/dev/sda};
     * {@code ~/x/../..} becomes {@code /} (above the home directory is read as the top, the worst case:
     * the home directory may be {@code /root}).
     */
    static String normalizePath(String word) {
        if (word.equals("~") || word.startsWith("~/")) {
            String inner = normalizePath("/" + word.substring(1));
            int depth = 0;
            for (String s : word.substring(1).split("/")) {
                if (s.equals("..")) {
                    depth--;
                } else if (!s.isEmpty() && !s.equals(".")) {
                    depth++;
                }
                if (depth < 0) {
                    return inner;
                }
            }
            return inner.equals("/") ? "~" : "~" + inner;
        }
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
