package dev.servermonitor.monitor.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.servermonitor.monitor.sample.Sample;

/**
 * Decides, sample by sample, when alerts open, escalate and resolve: a value must stay over its
 * level for {@code forPolls} polls in a row before an alert opens, at most one alert is open per
 * (server, metric) — no repeats while the value stays high — and it resolves only once the value
 * drops below the level minus the rule's hysteresis, so a value hovering at the line does not flap.
 * A warning becomes critical once the critical level has held as long; it does not step back down
 * before it resolves. Samples of one server arrive one at a time; different servers may be
 * evaluated concurrently.
 */
public final class AlertEvaluator {

    private final List<AlertRule> rules;
    private final int forPolls;
    private final Map<Key, State> states = new ConcurrentHashMap<>();

    public AlertEvaluator(List<AlertRule> rules, int forPolls) {
        if (forPolls < 1) {
            throw new IllegalArgumentException("MONITOR_ALERT_FOR must be at least 1 poll, not " + forPolls);
        }
        this.rules = List.copyOf(rules);
        this.forPolls = forPolls;
    }

    private record Key(long serverId, String metric) {
    }

    /**
     * Per (server, metric): polls in a row over the warning and the critical level, the open alert's
     * severity.
     */
    private static final class State {

        int over;
        int overCritical;
        Severity open;
    }

    /**
     * Marks an alert open that the database says is open (after a restart), so it is neither repeated
     * nor lost.
     */
    public void restoreOpen(long serverId, String metric, Severity severity) {
        states.computeIfAbsent(new Key(serverId, metric), k -> new State()).open = severity;
    }

    public List<AlertEvent> evaluate(Sample sample) {
        List<AlertEvent> events = new ArrayList<>();
        for (AlertRule rule : rules) {
            switch (rule.metric()) {
                case "cpu" -> {
                    if (sample.cpu() != null) {
                        judge(sample, rule, "cpu", sample.cpu(), events);
                    }
                }
                case "memory" -> judge(sample, rule, "memory", sample.memory().percent(), events);
                case "disk" ->
                    sample.disks().forEach(d -> judge(sample, rule, "disk:" + d.mount(), d.percent(), events));
                default -> throw new IllegalStateException("no such metric: " + rule.metric());
            }
        }
        return events;
    }

    /** Forgets a server (deleted): its open alerts are the caller's to resolve. */
    public void forget(long serverId) {
        states.keySet().removeIf(k -> k.serverId() == serverId);
    }

    private void judge(Sample s, AlertRule rule, String metric, double value, List<AlertEvent> events) {
        State st = states.computeIfAbsent(new Key(s.serverId(), metric), k -> new State());
        synchronized (st) {
            Severity wanted = rule.severity(value);
            st.overCritical = wanted == Severity.CRITICAL ? st.overCritical + 1 : 0;
            if (wanted == null) {
                st.over = 0;
                if (st.open != null && rule.recovered(value)) {
                    events.add(new AlertEvent(AlertEvent.Kind.RESOLVED, s.serverId(), metric, st.open, value,
                            rule.warning() - rule.hysteresis(), s.ts()));
                    st.open = null;
                }
                return;
            }
            st.over++;
            // each level must hold for forPolls polls; an open alert keeps its severity until it resolves
            Severity held = st.overCritical >= forPolls ? Severity.CRITICAL : Severity.WARNING;
            if (st.open == null && st.over >= forPolls) {
                st.open = held;
                events.add(new AlertEvent(AlertEvent.Kind.OPENED, s.serverId(), metric, held, value,
                        level(rule, held), s.ts()));
            } else if (st.open == Severity.WARNING && held == Severity.CRITICAL) {
                st.open = Severity.CRITICAL;
                events.add(new AlertEvent(AlertEvent.Kind.ESCALATED, s.serverId(), metric, held, value,
                        level(rule, held), s.ts()));
            }
        }
    }

    private static double level(AlertRule rule, Severity severity) {
        return severity == Severity.CRITICAL ? rule.critical() : rule.warning();
    }
}
