package dev.servermonitor.common.db;

/**
 * The database could not be reached or could not answer in time: what needed it may be retried (503
 * with {@code Retry-After} for a request). Raised only by the pool ({@link StatementDeadline}), so
 * an SSH timeout or a refused SSH port is never mistaken for it.
 */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(Throwable cause) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause, false,
                false);
    }

    /** Whether {@code failure} or one of its causes is this. */
    public static boolean in(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof DatabaseUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
