package dev.servermonitor.common.logging;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The JSON line of every log record, with each MDC entry as a top-level field, so
 * {@code request_id} and {@code user_id} sit beside {@code message} instead of inside a nested
 * object.
 * <p>
 * A record without an exception — every access line — is written here in one pass, with the fields
 * Quarkus' formatter writes as this project configures it ({@code timestamp} in UTC,
 * {@code logger}, {@code level}, {@code message}, {@code thread}, {@code service}): that formatter
 * (a JSON generator, a {@code DateTimeFormatter}) and flattening its output again cost a third of a
 * trivial request. A record with an exception goes to Quarkus' formatter (configured with
 * {@code excluded-keys=mdc}) for its exception fields, and the MDC is added to its line.
 */
final class FlatMdcJsonFormatter extends Formatter {

    private static final DateTimeFormatter TO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final Formatter delegate;
    private final String service;
    /** The timestamp up to its seconds, for the second it was made for: most lines share one. */
    private volatile Second second = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String text) {
    }

    /**
     * @param service
     *            the {@code service} field, or null to leave every line to {@code delegate}
     */
    FlatMdcJsonFormatter(Formatter delegate, String service) {
        this.delegate = delegate;
        this.service = service;
    }

    /**
     * Over {@code delegate}, writing lines itself only if they come out exactly as the delegate's
     * (checked on sample records): a configuration that changes the fields (other keys, more additional
     * fields, another date format) leaves every line to the delegate.
     */
    static FlatMdcJsonFormatter over(Formatter delegate, String service) {
        if (service == null) {
            return new FlatMdcJsonFormatter(delegate, null);
        }
        FlatMdcJsonFormatter fast = new FlatMdcJsonFormatter(delegate, service);
        for (int nanos : new int[]{0, 120_000_000, 123_456_789, 5}) {
            ExtLogRecord probe = new ExtLogRecord(org.jboss.logmanager.Level.INFO,
                    "probe \"quoted\" \\ line\n\ttab é", FlatMdcJsonFormatter.class.getName());
            probe.setLoggerName("servermonitor.log.probe");
            probe.setInstant(Instant.ofEpochSecond(1_796_000_000L, nanos));
            probe.putMdc("request_id", "r-1");
            probe.putMdc("status", "200");
            if (!fast.line(probe).equals(flattened(delegate.format(probe), probe.getMdcCopy()))) {
                return new FlatMdcJsonFormatter(delegate, null);
            }
        }
        return fast;
    }

    /** Whether it writes lines itself (else every line is the delegate's, flattened). */
    boolean writesLines() {
        return service != null;
    }

    @Override
    public String format(LogRecord record) {
        if (!(record instanceof ExtLogRecord ext)) {
            return delegate.format(record);
        }
        if (record.getThrown() == null && service != null) {
            return line(ext);
        }
        return flattened(delegate.format(record), ext.getMdcCopy());
    }

    private String line(ExtLogRecord record) {
        StringBuilder out = new StringBuilder(320);
        out.append("{\"timestamp\":\"");
        timestamp(record.getInstant(), out);
        out.append("\",\"logger\":");
        string(record.getLoggerName(), out);
        out.append(",\"level\":");
        string(record.getLevel().getName(), out);
        out.append(",\"message\":");
        string(record.getFormattedMessage(), out);
        out.append(",\"thread\":");
        string(record.getThreadName(), out);
        out.append(",\"service\":");
        string(service, out);
        mdc(record.getMdcCopy(), out);
        return out.append("}\n").toString();
    }

    /** The delegate's line with the MDC entries added before its closing brace. */
    private static String flattened(String json, Map<String, String> mdc) {
        int end = json.lastIndexOf('}');
        if (mdc.isEmpty() || end < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 64 * mdc.size());
        out.append(json, 0, end);
        mdc(mdc, out);
        out.append(json, end, json.length());
        return out.toString();
    }

    private static void mdc(Map<String, String> mdc, StringBuilder out) {
        for (Map.Entry<String, String> e : mdc.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            out.append(',');
            string(e.getKey(), out);
            out.append(':');
            if (isNumericField(e.getKey(), e.getValue())) {
                out.append(e.getValue());
            } else {
                string(e.getValue(), out);
            }
        }
    }

    /**
     * ISO-8601 in UTC as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} writes it (no trailing zeros).
     */
    private void timestamp(Instant at, StringBuilder out) {
        long epochSecond = at.getEpochSecond();
        Second s = second;
        if (s.epochSecond() != epochSecond) {
            s = new Second(epochSecond, TO_SECONDS.format(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)));
            second = s;
        }
        out.append(s.text());
        int nanos = at.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            out.append('.');
            String n = Integer.toString(nanos);
            for (int pad = digits - n.length(); pad > 0; pad--) {
                out.append('0');
            }
            out.append(n);
        }
        out.append('Z');
    }

    /** {@code value} as a JSON string ({@code null} for null). */
    static void string(String value, StringBuilder out) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int plain = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                // as Parsson (Quarkus' generator) writes it: lowercase hex
                default ->
                    out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        out.append(value, plain, value.length()).append('"');
    }

    /**
     * {@code status} and {@code *_ms}/{@code *_bytes}/{@code *_count} fields are written as JSON
     * numbers, when they are one: up to 18 digits, a sign, and up to 9 decimals.
     */
    static boolean isNumericField(String key, String value) {
        boolean numericKey = key.equals("status") || key.endsWith("_ms") || key.endsWith("_bytes")
                || key.endsWith("_count");
        return numericKey && isNumber(value);
    }

    private static boolean isNumber(String value) {
        int i = value.startsWith("-") ? 1 : 0;
        int integer = 0;
        while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            i++;
            integer++;
        }
        if (integer == 0 || integer > 18) {
            return false;
        }
        if (i == value.length()) {
            return true;
        }
        if (value.charAt(i) != '.') {
            return false;
        }
        int decimals = value.length() - i - 1;
        if (decimals < 1 || decimals > 9) {
            return false;
        }
        for (i++; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String getHead(java.util.logging.Handler h) {
        return delegate.getHead(h);
    }

    @Override
    public String getTail(java.util.logging.Handler h) {
        return delegate.getTail(h);
    }
}
