package dev.servermonitor.common.socket;

/**
 * Why a WebSocket cannot open (or must close): a {@code code} for the {@code error} message, words
 * for people, and the WebSocket close code. Never carries a secret.
 */
public final class SocketRefusal extends RuntimeException {

    /** Authentication, origin or policy: 1008. */
    public static final int POLICY = 1008;
    /** Something on our side or the server's: 1011. */
    public static final int INTERNAL = 1011;

    private final String code;
    private final int closeCode;

    private SocketRefusal(String code, String message, int closeCode) {
        super(message, null, false, false);
        this.code = code;
        this.closeCode = closeCode;
    }

    public static SocketRefusal policy(String code, String message) {
        return new SocketRefusal(code, message, POLICY);
    }

    public static SocketRefusal internal(String code, String message) {
        return new SocketRefusal(code, message, INTERNAL);
    }

    public String code() {
        return code;
    }

    public int closeCode() {
        return closeCode;
    }
}
