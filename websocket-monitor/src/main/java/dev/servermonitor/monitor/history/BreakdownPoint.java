package dev.servermonitor.monitor.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One bucket of a server's breakdown: each core's average busy percent (core 0 first; empty where
 * no sample had cores) and each mount's average use in percent.
 */
public record BreakdownPoint(Instant ts, List<Double> cores, Map<String, Double> disks) {

    BreakdownPoint(Instant ts) {
        this(ts, new ArrayList<>(), new LinkedHashMap<>());
    }
}
