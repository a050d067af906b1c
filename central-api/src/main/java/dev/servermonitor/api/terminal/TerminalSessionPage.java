package dev.servermonitor.api.terminal;

import java.util.List;

/** One page of sessions, newest first; pass {@code nextCursor} as {@code cursor} for the next. */
public record TerminalSessionPage(List<TerminalSessionView> items, String nextCursor) {
}
