package dev.servermonitor.monitor.alert;

import java.util.List;

/**
 * A threshold on one metric: above {@code warning} (and above {@code critical}, when set) for
 * {@code forPolls} polls in a row opens an alert; below {@code warning - hysteresis} resolves it.
 *
 * @param metric
 *            {@code cpu}, {@code memory} or {@code disk} (each mount on its own)
 * @param critical
 *            null when the metric has only a warning level
 */
public record AlertRule(String metric, double warning, Double critical, double hysteresis) {

    /** The defaults: CPU over 90 %, memory over 85 %, a disk over 90 % (warning) or 95 % (critical). */
    public static final List<AlertRule> DEFAULTS = List.of(new AlertRule("cpu", 90, null, 5),
            new AlertRule("memory", 85, null, 5), new AlertRule("disk", 90, 95.0, 2));

    /** The severity a value calls for, or null when it is within bounds. */
    Severity severity(double value) {
        if (critical != null && value > critical) {
            return Severity.CRITICAL;
        }
        return value > warning ? Severity.WARNING : null;
    }

    /** Whether an open alert may resolve: the value dropped clearly below the warning level. */
    boolean recovered(double value) {
        return value < warning - hysteresis;
    }
}
