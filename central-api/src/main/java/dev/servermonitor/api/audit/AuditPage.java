package dev.servermonitor.api.audit;

import java.util.List;

/**
 * One page, newest first; pass {@code nextCursor} as {@code cursor} for the next (null on the last
 * page).
 */
public record AuditPage(List<AuditRecord> items, String nextCursor) {
}
