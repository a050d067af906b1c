package dev.servermonitor.monitor.collect;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import dev.servermonitor.monitor.sample.Sample;

/**
 * The latest figures of each server this instance polls, for the fleet dashboard: gauges
 * {@code servermonitor_server_{up,cpu_percent,memory_percent,disk_percent,load1}} labelled
 * {@code server_id} and {@code server_name}. One series set per polled server: it appears when
 * polling starts, goes when polling stops (the server deleted, or its host key no longer trusted)
 * and moves when the server is renamed, so the series count follows the fleet. A poll still on its
 * way when polling stopped is dropped, not allowed to bring the series back. A figure not collected
 * yet is NaN.
 */
@ApplicationScoped
public class HostGauges {

    /** One server's figures, read by its gauges. */
    static final class Host {

        final List<Meter> meters;
        volatile double up = Double.NaN;
        volatile double cpu = Double.NaN;
        volatile double memory = Double.NaN;
        volatile double disk = Double.NaN;
        volatile double load1 = Double.NaN;

        private Host(List<Meter> meters) {
            this.meters = meters;
        }
    }

    private final MeterRegistry registry;
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final Set<Long> polled = ConcurrentHashMap.newKeySet();
    private final Map<Long, Host> hosts = new ConcurrentHashMap<>();

    public HostGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The server's name as the table has it; a rename moves its series to the new name. */
    void named(long serverId, String name) {
        String before = names.put(serverId, name);
        if (before != null && !before.equals(name)) {
            Host old = hosts.remove(serverId);
            if (old != null) {
                unregister(old);
                Host renamed = host(serverId);
                if (renamed == null) {
                    return;
                }
                renamed.up = old.up;
                renamed.cpu = old.cpu;
                renamed.memory = old.memory;
                renamed.disk = old.disk;
                renamed.load1 = old.load1;
            }
        }
    }

    /** Polling of the server starts here ({@code true}) or stops ({@code false}: its series go). */
    void polling(long serverId, boolean on) {
        if (on) {
            polled.add(serverId);
            return;
        }
        polled.remove(serverId);
        Host h = hosts.remove(serverId);
        if (h != null) {
            unregister(h);
        }
    }

    void sample(Sample s) {
        Host h = host(s.serverId());
        if (h == null) {
            return;
        }
        h.up = 1;
        h.cpu = s.cpu() == null ? Double.NaN : s.cpu();
        h.memory = s.memory() == null ? Double.NaN : s.memory().percent();
        h.disk = s.disks() == null || s.disks().isEmpty()
                ? Double.NaN
                : s.disks().stream().mapToDouble(Sample.Disk::percent).max().orElse(Double.NaN);
        h.load1 = s.load() == null || s.load().length == 0 ? Double.NaN : s.load()[0];
    }

    void status(long serverId, String status) {
        Host h = host(serverId);
        if (h != null) {
            h.up = "online".equals(status) ? 1 : 0;
        }
    }

    /** The server is gone from the table: its series go, and its name. */
    void removed(long serverId) {
        polling(serverId, false);
        names.remove(serverId);
    }

    /** The server's figures, registered on first use; null unless it is polled here (a late poll). */
    private Host host(long serverId) {
        if (!polled.contains(serverId)) {
            return null;
        }
        return hosts.computeIfAbsent(serverId, id -> register(id, names.getOrDefault(id, "")));
    }

    private Host register(long serverId, String name) {
        Tags tags = Tags.of("server_id", Long.toString(serverId), "server_name", name);
        Meter[] meters = new Meter[5];
        Host h = new Host(Arrays.asList(meters));
        meters[0] = gauge("servermonitor_server_up", "1 while the server answers its polls, 0 when offline", h,
                x -> x.up, tags);
        meters[1] = gauge("servermonitor_server_cpu_percent", "CPU in use, percent of all cores", h, x -> x.cpu,
                tags);
        meters[2] = gauge("servermonitor_server_memory_percent", "memory in use, percent", h, x -> x.memory, tags);
        meters[3] = gauge("servermonitor_server_disk_percent", "the fullest mounted filesystem, percent used", h,
                x -> x.disk, tags);
        meters[4] = gauge("servermonitor_server_load1", "one-minute load average", h, x -> x.load1, tags);
        return h;
    }

    private Meter gauge(String name, String description, Host h, ToDoubleFunction<Host> value, Tags tags) {
        return Gauge.builder(name, h, value).description(description).tags(tags).strongReference(true)
                .register(registry);
    }

    private void unregister(Host h) {
        h.meters.forEach(registry::remove);
    }
}
