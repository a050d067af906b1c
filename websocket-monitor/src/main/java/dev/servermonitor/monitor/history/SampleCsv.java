package dev.servermonitor.monitor.history;

import java.util.stream.Collectors;

import dev.servermonitor.monitor.sample.Sample;

/**
 * Raw samples as RFC 4180 CSV, one row each. Every field is a number or a time except {@code disks}
 * ({@code mount=percent} pairs), which is quoted; a mount cannot start a formula because the field
 * starts with its quote.
 */
final class SampleCsv {

    static final String HEADER = "ts,cpu,load1,load5,load15,mem_total_bytes,mem_used_bytes,mem_available_bytes,"
            + "mem_percent,swap_total_bytes,swap_used_bytes,swap_percent,net_rx_bytes_per_sec,net_tx_bytes_per_sec,"
            + "uptime_seconds,processes,disks\r\n";

    private SampleCsv() {
    }

    static String row(Sample s) {
        StringBuilder b = new StringBuilder(200);
        b.append(s.ts()).append(',').append(num(s.cpu())).append(',').append(s.load()[0]).append(',')
                .append(s.load()[1]).append(',').append(s.load()[2]).append(',').append(s.memory().totalBytes())
                .append(',').append(s.memory().usedBytes()).append(',').append(s.memory().availableBytes())
                .append(',').append(s.memory().percent()).append(',').append(s.swap().totalBytes()).append(',')
                .append(s.swap().usedBytes()).append(',').append(s.swap().percent()).append(',')
                .append(s.network() == null ? "" : num(s.network().rxBytesPerSec())).append(',')
                .append(s.network() == null ? "" : num(s.network().txBytesPerSec())).append(',')
                .append(s.uptimeSeconds()).append(',').append(s.processes()).append(',');
        String disks = s.disks().stream().map(d -> d.mount() + "=" + d.percent()).collect(Collectors.joining(" "));
        b.append("\"'").append(disks.replace("\"", "\"\"")).append('"').append("\r\n");
        return b.toString();
    }

    private static String num(Double v) {
        return v == null ? "" : v.toString();
    }
}
