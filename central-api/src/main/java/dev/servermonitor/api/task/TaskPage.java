package dev.servermonitor.api.task;

import java.util.List;

/**
 * One page of tasks, newest first; pass {@code nextCursor} as {@code cursor} for the next (null on
 * the last).
 */
public record TaskPage(List<TaskView> items, String nextCursor) {
}
