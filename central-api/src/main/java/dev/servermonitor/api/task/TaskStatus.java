package dev.servermonitor.api.task;

import java.util.Locale;

/** A task's life: queued → running → success | failed | timeout | cancelled | interrupted. */
public enum TaskStatus {

    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED,
    TIMEOUT,
    CANCELLED,
    INTERRUPTED;

    /** As stored and shown: lower case. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TaskStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
