package dev.servermonitor.common.audit;

import java.util.Map;

/**
 * One audit row before it is written. {@code meta} must never hold a secret: it is stored as jsonb
 * and exported.
 */
public record AuditEntry(Long userId, String username, String action, String targetType, String targetId,
        Map<String, Object> meta) {

    public static AuditEntry of(String action) {
        return new AuditEntry(null, null, action, null, null, Map.of());
    }

    public AuditEntry by(Long userId, String username) {
        return new AuditEntry(userId, username, action, targetType, targetId, meta);
    }

    public AuditEntry on(String targetType, Object targetId) {
        return new AuditEntry(userId, username, action, targetType, targetId == null ? null : targetId.toString(),
                meta);
    }

    public AuditEntry with(Map<String, Object> meta) {
        return new AuditEntry(userId, username, action, targetType, targetId, meta);
    }
}
