package dev.servermonitor.monitor.alert;

import java.util.List;

/** One page of alerts, newest first; {@code nextBefore} asks for the next page, null at the end. */
public record AlertPage(List<AlertView> items, Long nextBefore) {
}
