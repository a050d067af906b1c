package dev.servermonitor.common.logging;

/**
 * Stands in for a logged exception whose message (or a cause's) held a secret: same stack, same
 * type name in its text, redacted message.
 */
final class RedactedThrowable extends RuntimeException {

    private RedactedThrowable(String message, Throwable cause, StackTraceElement[] stack) {
        super(message, cause, false, true);
        setStackTrace(stack);
    }

    /** Returns {@code t} itself when nothing in its cause chain needs masking. */
    static Throwable of(Throwable t, Redactor redactor) {
        return of(t, redactor, 0);
    }

    private static Throwable of(Throwable t, Redactor redactor, int depth) {
        if (t == null || depth > 16) {
            return t;
        }
        Throwable cause = t.getCause() == t ? null : of(t.getCause(), redactor, depth + 1);
        String message = t.getMessage();
        String clean = redactor.redact(message);
        boolean same = (message == null || message.equals(clean)) && cause == t.getCause();
        if (same) {
            return t;
        }
        if (t instanceof RedactedThrowable) {
            return new RedactedThrowable(clean, cause, t.getStackTrace());
        }
        String typed = clean == null ? t.getClass().getName() : t.getClass().getName() + ": " + clean;
        return new RedactedThrowable(typed, cause, t.getStackTrace());
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
