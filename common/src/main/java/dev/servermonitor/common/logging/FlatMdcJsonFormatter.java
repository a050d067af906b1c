package dev.servermonitor.common.logging;

import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Wraps Quarkus' JSON formatter (configured with {@code excluded-keys=mdc}) and writes each MDC
 * entry as a top-level field, so {@code request_id} and {@code user_id} sit beside {@code message}
 * instead of inside a nested object.
 */
final class FlatMdcJsonFormatter extends Formatter {

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?\\d{1,18}(\\.\\d{1,9})?");

    private final Formatter delegate;

    FlatMdcJsonFormatter(Formatter delegate) {
        this.delegate = delegate;
    }

    Formatter delegate() {
        return delegate;
    }

    @Override
    public String format(LogRecord record) {
        String json = delegate.format(record);
        if (!(record instanceof ExtLogRecord ext)) {
            return json;
        }
        Map<String, String> mdc = ext.getMdcCopy();
        int end = json.lastIndexOf('}');
        if (mdc.isEmpty() || end < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 64 * mdc.size());
        out.append(json, 0, end);
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        for (Map.Entry<String, String> e : mdc.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            out.append(",\"").append(encoder.quoteAsString(e.getKey())).append("\":");
            if (isNumericField(e.getKey(), e.getValue())) {
                out.append(e.getValue());
            } else {
                out.append('"').append(encoder.quoteAsString(e.getValue())).append('"');
            }
        }
        out.append(json, end, json.length());
        return out.toString();
    }

    /**
     * {@code status} and {@code *_ms}/{@code *_bytes}/{@code *_count} fields are written as JSON
     * numbers.
     */
    static boolean isNumericField(String key, String value) {
        boolean numericKey = key.equals("status") || key.endsWith("_ms") || key.endsWith("_bytes")
                || key.endsWith("_count");
        return numericKey && NUMBER.matcher(value).matches();
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
