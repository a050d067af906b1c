package dev.servermonitor.monitor.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.servermonitor.monitor.sample.Sample;

/**
 * Turns a reading (and the one before it, from the same server) into a {@link Sample}: CPU busy
 * share and network bytes per second come from the deltas. A reboot (uptime went back) or counters
 * that went backwards give no rate rather than a nonsense one.
 */
public final class Rates {

    private Rates() {
    }

    /**
     * @param previous
     *            the server's last reading and when it was taken, or null
     */
    public static Sample sample(long serverId, Instant at, Reading now, Reading previous, Instant previousAt) {
        boolean comparable = previous != null && previousAt != null && at.isAfter(previousAt)
                && now.uptimeSeconds() >= previous.uptimeSeconds();
        Double cpu = comparable ? busy(previous.cpu(), now.cpu()) : null;
        List<Double> cores = null;
        if (comparable && previous.cores().size() == now.cores().size()) {
            cores = new ArrayList<>();
            for (int i = 0; i < now.cores().size(); i++) {
                cores.add(busy(previous.cores().get(i), now.cores().get(i)));
            }
        }
        Sample.Network network = null;
        if (comparable) {
            double seconds = Duration.between(previousAt, at).toNanos() / 1e9;
            long rx = now.rxBytes() - previous.rxBytes();
            long tx = now.txBytes() - previous.txBytes();
            if (rx >= 0 && tx >= 0) {
                network = new Sample.Network(round(rx / seconds), round(tx / seconds));
            }
        }
        long memUsed = now.memTotalBytes() - now.memAvailableBytes();
        long swapUsed = now.swapTotalBytes() - now.swapFreeBytes();
        List<Sample.Disk> disks = now.disks().stream()
                // as df reports it: of the space usable by ordinary users (root's reserved blocks left out)
                .map(d -> new Sample.Disk(d.mount(), d.totalBytes(), d.usedBytes(),
                        percent(d.usedBytes(), d.usedBytes() + d.availableBytes())))
                .toList();
        return new Sample(serverId, at, cpu, cores, now.load(),
                new Sample.Memory(now.memTotalBytes(), memUsed, now.memAvailableBytes(),
                        percent(memUsed, now.memTotalBytes())),
                new Sample.Memory(now.swapTotalBytes(), swapUsed, now.swapFreeBytes(),
                        percent(swapUsed, now.swapTotalBytes())),
                disks, network, (long) now.uptimeSeconds(), now.processes());
    }

    /**
     * Share of the interval the CPU was not idle, in percent; null when no time passed or counters
     * reset.
     */
    static Double busy(Reading.CpuTimes before, Reading.CpuTimes after) {
        long total = after.total() - before.total();
        long idle = after.idle() - before.idle();
        if (total <= 0 || idle < 0 || idle > total) {
            return null;
        }
        return round(100.0 * (total - idle) / total);
    }

    static double percent(long part, long whole) {
        return whole <= 0 ? 0 : round(100.0 * part / whole);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
