package dev.servermonitor.api.task;

/**
 * {@code POST /api/servers/{id}/tasks}: the command, its timeout in seconds (1-600, default 60) and
 * whether to keep its output (default true).
 */
public record TaskRequest(String command, Integer timeoutSeconds, Boolean storeOutput) {
}
