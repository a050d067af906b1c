package dev.servermonitor.monitor.history;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import dev.servermonitor.common.error.ApiException;

/**
 * A history query's {@code from}/{@code to} (ISO 8601; default the last hour) and {@code step}
 * ({@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO 8601 {@code PT5M}); at most
 * {@link #MAX_POINTS} buckets: a smaller step is raised, and the answer says so.
 */
public record TimeRange(Instant from, Instant to, Duration step, boolean stepRaised) {

    public static final int MAX_POINTS = 2_000;
    static final int DEFAULT_POINTS = 300;
    static final Duration MAX_SPAN = Duration.ofDays(400);

    /** A range without a step (exports). */
    public static TimeRange of(String from, String to) {
        Instant t = to == null || to.isBlank() ? Instant.now() : instant("to", to);
        Instant f = from == null || from.isBlank() ? t.minus(Duration.ofHours(1)) : instant("from", from);
        if (!f.isBefore(t)) {
            throw ApiException.invalid("from must be before to");
        }
        if (Duration.between(f, t).compareTo(MAX_SPAN) > 0) {
            throw ApiException.invalid("a range spans at most " + MAX_SPAN.toDays() + " days");
        }
        return new TimeRange(f, t, null, false);
    }

    /** A range with buckets of {@code step} (default: about 300 points, at least 1 s). */
    public static TimeRange withStep(String from, String to, String step) {
        TimeRange r = of(from, to);
        long spanSeconds = Math.max(1, Duration.between(r.from, r.to).toSeconds());
        boolean given = step != null && !step.isBlank();
        long stepSeconds = given ? duration(step).toSeconds() : Math.max(1, ceilDiv(spanSeconds, DEFAULT_POINTS));
        long least = ceilDiv(spanSeconds, MAX_POINTS);
        boolean raised = given && stepSeconds < least;
        return new TimeRange(r.from, r.to, Duration.ofSeconds(Math.max(stepSeconds, least)), raised);
    }

    private static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name + " must be an ISO 8601 time with an offset, e.g. 2026-12-01T10:00:00Z");
        }
    }

    static Duration duration(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            }
        } catch (RuntimeException e) {
            throw ApiException.invalid("step must look like 30s, 5m, 1h, 1d or PT5M");
        }
        if (d.toSeconds() < 1) {
            throw ApiException.invalid("step must be at least 1s");
        }
        return d;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
