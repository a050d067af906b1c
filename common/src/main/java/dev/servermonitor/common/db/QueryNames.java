package dev.servermonitor.common.db;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name a statement is measured and logged under: its verb and the table it is about
 * ({@code select servers}, {@code insert audit_logs}, {@code update tasks}, {@code with due}),
 * never its parameters or literals. Statements are written in the code, so the names are a bounded
 * set (one Prometheus series set each), however many rows or users there are. {@link QueryMetrics}
 * keeps the names it has derived.
 */
final class QueryNames {

    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|--[^\\n]*");
    private static final Pattern WORD = Pattern.compile("[a-z_][a-z0-9_.]*");
    private static final Pattern FROM = Pattern.compile("\\bfrom\\s+([a-z_][a-z0-9_.]*)");
    private static final Pattern INTO = Pattern.compile("\\binto\\s+([a-z_][a-z0-9_.]*)");
    private static final Pattern UPDATE = Pattern.compile("^update\\s+([a-z_][a-z0-9_.]*)");
    private static final Pattern WITH = Pattern.compile("^with\\s+(?:recursive\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern CALL = Pattern.compile("^select\\s+([a-z_][a-z0-9_.]*)\\s*\\(");

    private QueryNames() {
    }

    static String derive(String sql) {
        String s = COMMENTS.matcher(sql).replaceAll(" ").trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher verb = WORD.matcher(s);
        if (!verb.lookingAt()) {
            return "other";
        }
        String v = verb.group();
        String table = switch (v) {
            case "select" -> first(FROM, s, CALL);
            case "delete" -> first(FROM, s, null);
            case "insert" -> first(INTO, s, null);
            case "update" -> first(UPDATE, s, null);
            case "with" -> first(WITH, s, null);
            default -> null;
        };
        return table == null ? v : v + " " + table;
    }

    /** The table a pattern names, else what {@code fallback} (a function called) names. */
    private static String first(Pattern p, String s, Pattern fallback) {
        if (fallback != null) {
            Matcher call = fallback.matcher(s);
            if (call.find() && !FROM.matcher(s).find()) {
                return call.group(1);
            }
        }
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }
}
