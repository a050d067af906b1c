package dev.servermonitor.common.error;

/** The one error shape every service answers with (STYLE.md). */
public record ErrorBody(int status, String error, String message, String requestId) {
}
