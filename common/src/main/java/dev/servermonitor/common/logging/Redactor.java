package dev.servermonitor.common.logging;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text before it is logged: key blocks, bearer tokens, JWTs, password-like fields
 * and the exact configured secret values.
 */
public final class Redactor {

    public static final String MASK = "[REDACTED]";

    /**
     * Secret values shorter than this are not searched for: masking "dev" everywhere would wreck the
     * logs.
     */
    static final int MIN_SECRET_LENGTH = 6;

    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(-----END \\1PRIVATE KEY-----|\\z)", Pattern.DOTALL);
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern JWT = Pattern
            .compile("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    /** {@code password=x}, {@code "password": "x"}, {@code newPassword: x}, {@code api_key=x}, ... */
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i)(\"?[A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|api[_-]?key|private[_-]?key|token)\"?\\s*[:=]\\s*)"
                    + "(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,;&}\\]\"]+)");

    private final List<String> secretValues;

    public Redactor(Collection<String> secretValues) {
        this.secretValues = secretValues.stream().filter(v -> v != null && v.length() >= MIN_SECRET_LENGTH)
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : secretValues) {
            if (out.contains(value)) {
                out = out.replace(value, MASK);
            }
        }
        if (!mayHoldPattern(out)) {
            return out;
        }
        out = replace(PEM_PRIVATE_KEY, out, m -> "[REDACTED PRIVATE KEY]");
        out = replace(BEARER, out, m -> m.group(1) + MASK);
        out = replace(JWT, out, m -> MASK);
        out = replace(SECRET_FIELD, out, m -> m.group(1) + (m.group(2).startsWith("\"") ? "\"" + MASK + "\"" : MASK));
        return out;
    }

    /**
     * False when no pattern can match: each needs a text it cannot do without ("PRIVATE KEY", "bearer"
     * in any case, "eyJ", or a {@code :}/{@code =} after a field name). Most lines — every access line
     * — have none, and are then spared four regular expressions.
     */
    static boolean mayHoldPattern(String text) {
        return text.indexOf(':') >= 0 || text.indexOf('=') >= 0 || text.contains("eyJ")
                || text.contains("PRIVATE KEY") || containsBearer(text);
    }

    private static boolean containsBearer(String text) {
        for (int i = 0; i + 6 <= text.length(); i++) {
            char c = text.charAt(i);
            if ((c == 'b' || c == 'B') && text.regionMatches(true, i, "bearer", 0, 6)) {
                return true;
            }
        }
        return false;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
