package dev.servermonitor.monitor.processes;

/**
 * One process as the panel shows it. {@code cpu}: percent of one core over the measured second (a
 * process using two cores shows 200); {@code memory}: resident memory as a percent of the
 * machine's.
 */
public record ProcessView(long pid, String user, double cpu, double memory, long rssBytes, String command) {
}
