package dev.servermonitor.common.logging;

/** Short, single-line descriptions of failures for readiness reasons and warnings. */
public final class Causes {

    static final int MAX_LENGTH = 200;

    private Causes() {
    }

    /** The first line of the innermost cause's message (or its type), at most 200 characters. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String line = message.lines().findFirst().orElse(message);
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line;
    }
}
