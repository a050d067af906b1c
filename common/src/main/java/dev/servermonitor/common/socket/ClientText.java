package dev.servermonitor.common.socket;

/** A client's own text quoted back in an error message: short enough to read, never a flood. */
public final class ClientText {

    static final int MAX_CHARS = 40;

    private ClientText() {
    }

    /** The first 40 characters, and an ellipsis when there were more. */
    public static String abbreviate(String s) {
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "…" : s;
    }
}
