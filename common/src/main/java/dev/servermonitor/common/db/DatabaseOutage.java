package dev.servermonitor.common.db;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.servermonitor.common.logging.Causes;

/**
 * Tells the operator once that the database is unavailable, instead of an error per request or per
 * background attempt: one WARN when work starts failing for that reason, a reminder a minute while
 * it lasts, and one INFO when the database answers again.
 */
@ApplicationScoped
public class DatabaseOutage {

    /** Seconds a caller is told to wait before trying again ({@code Retry-After}). */
    public static final int RETRY_AFTER_SECONDS = 5;

    static final Duration REMINDER = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong lastWarnNanos = new AtomicLong();

    /** Work was refused because the database is unavailable ({@link DatabaseUnavailableException}). */
    public void refused(Throwable cause) {
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        boolean started = down.compareAndSet(false, true);
        if ((started || now - last > REMINDER.toNanos()) && lastWarnNanos.compareAndSet(last, now)) {
            LOG.warnf("The database is unavailable (%s): what needs it is refused with 503 or retried until it"
                    + " answers again", Causes.rootMessage(cause));
        }
    }

    /**
     * For background work that retries: a database outage is reported through {@link #refused} (one
     * WARN), anything else is this WARN of the caller's.
     */
    public void retrying(Logger log, Throwable failure, String message) {
        if (DatabaseUnavailableException.in(failure)) {
            refused(failure);
            log.debugf("%s: %s", message, failure.getMessage());
        } else {
            log.warnf("%s: %s", message, failure.getMessage());
        }
    }

    /** The database answered; ends an outage. Cheap enough to call on every answer. */
    public void answered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("The database answers again");
        }
    }

    public boolean down() {
        return down.get();
    }
}
