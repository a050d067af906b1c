package dev.servermonitor.monitor.sample;

import java.time.Instant;
import java.util.List;

/**
 * One server's stats at one moment, as stored and streamed. {@code cpu}, {@code cores} and
 * {@code network} are rates over the interval since the previous poll: null on the first poll and
 * after a reboot (counters started again).
 */
public record Sample(long serverId, Instant ts, Double cpu, List<Double> cores, double[] load, Memory memory,
        Memory swap, List<Disk> disks, Network network, long uptimeSeconds, int processes) {

    /** Bytes; {@code percent} of total in use (0 when total is 0, e.g. no swap). */
    public record Memory(long totalBytes, long usedBytes, long availableBytes, double percent) {
    }

    public record Disk(String mount, long totalBytes, long usedBytes, double percent) {
    }

    /** All interfaces but loopback. */
    public record Network(double rxBytesPerSec, double txBytesPerSec) {
    }
}
