package dev.servermonitor.monitor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.servermonitor.monitor.sample.Sample;

/**
 * The fleet dashboard's per-server series: the latest figures, one set per server, following
 * renames.
 */
class HostGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HostGauges gauges = new HostGauges(registry);

    @Test
    void aSampleSetsTheServersFiguresUnderItsIdAndName() {
        gauges.named(7, "web-1");
        gauges.polling(7, true);
        gauges.sample(sample(7, 37.5, 61.0, List.of(new Sample.Disk("/", 100, 40, 40), new Sample.Disk("/var", 100,
                92, 92)), 1.25));
        assertThat(value("servermonitor_server_up", "7", "web-1")).isEqualTo(1);
        assertThat(value("servermonitor_server_cpu_percent", "7", "web-1")).isEqualTo(37.5);
        assertThat(value("servermonitor_server_memory_percent", "7", "web-1")).isEqualTo(61.0);
        assertThat(value("servermonitor_server_disk_percent", "7", "web-1")).as("the fullest mount").isEqualTo(92);
        assertThat(value("servermonitor_server_load1", "7", "web-1")).isEqualTo(1.25);

        gauges.status(7, "offline");
        assertThat(value("servermonitor_server_up", "7", "web-1")).isZero();
    }

    @Test
    void aRenameMovesTheSeriesAndARemovalDropsThem() {
        gauges.named(8, "db-old");
        gauges.polling(8, true);
        gauges.sample(sample(8, 10.0, 20.0, List.of(), 0.5));
        gauges.named(8, "db-new");
        assertThat(registry.find("servermonitor_server_cpu_percent").tag("server_name", "db-old").gauge()).isNull();
        assertThat(value("servermonitor_server_cpu_percent", "8", "db-new")).isEqualTo(10.0);
        assertThat(value("servermonitor_server_disk_percent", "8", "db-new")).isNaN();

        gauges.removed(8);
        assertThat(registry.find("servermonitor_server_up").tag("server_id", "8").gauges()).isEmpty();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void aPollThatEndsAfterPollingStoppedDoesNotBringTheSeriesBack() {
        gauges.named(9, "gone");
        gauges.polling(9, true);
        gauges.sample(sample(9, 5.0, 5.0, List.of(), 0.1));
        gauges.removed(9);
        gauges.sample(sample(9, 6.0, 6.0, List.of(), 0.1));
        gauges.status(9, "offline");
        assertThat(registry.getMeters()).as("a deleted server's late poll").isEmpty();

        // no longer trusted: polling stops, the series go; the name stays for when it is polled again
        gauges.named(10, "untrusted");
        gauges.polling(10, true);
        gauges.status(10, "online");
        gauges.polling(10, false);
        gauges.sample(sample(10, 7.0, 7.0, List.of(), 0.1));
        assertThat(registry.getMeters()).isEmpty();
        gauges.polling(10, true);
        gauges.sample(sample(10, 8.0, 8.0, List.of(), 0.1));
        assertThat(value("servermonitor_server_cpu_percent", "10", "untrusted")).isEqualTo(8.0);
    }

    private double value(String name, String id, String serverName) {
        Gauge g = registry.find(name).tag("server_id", id).tag("server_name", serverName).gauge();
        assertThat(g).as(name + " of " + serverName).isNotNull();
        return g.value();
    }

    private static Sample sample(long server, double cpu, double memory, List<Sample.Disk> disks, double load1) {
        return new Sample(server, Instant.now(), cpu, List.of(cpu), new double[]{load1, 0.2, 0.3},
                new Sample.Memory(1000, 600, 400, memory), new Sample.Memory(0, 0, 0, 0), disks,
                new Sample.Network(10, 20), 99, 7);
    }
}
