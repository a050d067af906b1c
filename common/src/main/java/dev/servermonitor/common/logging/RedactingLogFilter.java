package dev.servermonitor.common.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

import dev.servermonitor.common.config.Secret;

/**
 * Rewrites every log record before a handler formats it: message, MDC values and exception messages
 * are redacted. Enabled per handler with {@code quarkus.log.<handler>.filter=redact}.
 */
@LoggingFilter(name = "redact")
public final class RedactingLogFilter implements Filter {

    private volatile Redactor redactor;

    @Override
    public boolean isLoggable(LogRecord record) {
        Redactor r = redactor();
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            ext.setMessage(r.redact(formatted), ExtLogRecord.FormatStyle.NO_FORMAT);
            ext.setParameters(null);
            for (Map.Entry<String, String> e : ext.getMdcCopy().entrySet()) {
                String clean = r.redact(e.getValue());
                if (!clean.equals(e.getValue())) {
                    ext.putMdc(e.getKey(), clean);
                }
            }
        } else {
            record.setMessage(r.redact(record.getMessage()));
        }
        if (record.getThrown() != null) {
            record.setThrown(RedactedThrowable.of(record.getThrown(), r));
        }
        return true;
    }

    private Redactor redactor() {
        Redactor r = redactor;
        if (r != null) {
            return r;
        }
        try {
            r = new Redactor(configuredSecretValues(ConfigProvider.getConfig()));
            redactor = r;
            return r;
        } catch (RuntimeException configNotReadyYet) {
            // very early boot lines: patterns still apply; the values are picked up on a later record
            return new Redactor(List.of());
        }
    }

    static List<String> configuredSecretValues(Config config) {
        List<String> names = new ArrayList<>(Secret.REDACT_ONLY);
        for (Secret s : Secret.values()) {
            names.add(s.name());
        }
        List<String> values = new ArrayList<>();
        for (String name : names) {
            config.getOptionalValue(name, String.class).ifPresent(values::add);
        }
        return values;
    }
}
