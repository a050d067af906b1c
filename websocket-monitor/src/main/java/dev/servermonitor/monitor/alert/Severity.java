package dev.servermonitor.monitor.alert;

import java.util.Locale;

/** How bad an open alert is. */
public enum Severity {

    WARNING,
    CRITICAL;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
