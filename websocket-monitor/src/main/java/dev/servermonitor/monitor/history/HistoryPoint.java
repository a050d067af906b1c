package dev.servermonitor.monitor.history;

import java.time.Instant;

/**
 * One bucket of history: the average and the maximum of each metric over the samples in it.
 * {@code disk} is the fullest mount; rates are null where no sample in the bucket had one.
 */
public record HistoryPoint(Instant ts, int samples, Stat cpu, Stat memory, Stat swap, Stat disk, Stat load1,
        Stat load5, Stat load15, Stat netRx, Stat netTx) {

    public record Stat(Double avg, Double max) {
    }
}
