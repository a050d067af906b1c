package dev.servermonitor.api.task;

import java.util.Locale;
import java.util.Set;

/** A task's life: queued → running → success | failed | timeout | cancelled | interrupted. */
public enum TaskStatus {

    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED,
    TIMEOUT,
    CANCELLED,
    INTERRUPTED;

    static final Set<TaskStatus> FINAL = Set.of(SUCCESS, FAILED, TIMEOUT, CANCELLED, INTERRUPTED);

    /** As stored and shown: lower case. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TaskStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    boolean isFinal() {
        return FINAL.contains(this);
    }
}
