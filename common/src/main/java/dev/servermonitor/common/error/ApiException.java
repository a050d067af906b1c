package dev.servermonitor.common.error;

/** A failure the caller caused or must know about, answered with its status and a human message. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    /**
     * The request broke a rule of its own shape: 400 {@code validation_failed} with the rule in words.
     */
    public static ApiException invalid(String message) {
        return new ApiException(400, "validation_failed", message);
    }

    /** {@code value} itself, or a 404 "No {what} with id {id}" when it is null. */
    public static <T> T requireFound(T value, String what, Object id) {
        if (value == null) {
            throw new ApiException(404, "not_found", "No " + what + " with id " + id);
        }
        return value;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
