package dev.servermonitor.monitor.collect;

import java.util.List;

/**
 * What one poll read from a server: raw counters and gauges as the kernel reports them. Rates (CPU
 * busy, network bytes per second) need two readings: {@link Rates}.
 *
 * @param cpu
 *            the aggregate {@code cpu} line of /proc/stat
 * @param cores
 *            one per {@code cpuN} line
 * @param memAvailableBytes
 *            MemAvailable, or (kernels before 3.14) an estimate from free + buffers + cached +
 *            reclaimable slab
 */
public record Reading(CpuTimes cpu, List<CpuTimes> cores, double[] load, long memTotalBytes, long memAvailableBytes,
        long swapTotalBytes, long swapFreeBytes, List<Disk> disks, long rxBytes, long txBytes, double uptimeSeconds,
        int processes) {

    /** Jiffies since boot: all of them, and the idle ones (idle + iowait). */
    public record CpuTimes(long total, long idle) {
    }

    /** A mounted real filesystem. */
    public record Disk(String mount, String device, String type, long totalBytes, long usedBytes, long availableBytes) {
    }
}
