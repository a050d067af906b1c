package dev.servermonitor.monitor.alert;

/** How bad an open alert is. */
public enum Severity {

    WARNING,
    CRITICAL;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
