package dev.servermonitor.api.server;

import java.time.OffsetDateTime;
import java.util.List;

/** A server as the API shows it: which kind of credential, never the credential itself. */
public record ServerView(long id, String name, String host, int port, String username, String description,
        List<String> tags, CredentialView credential, String hostKeyFingerprint, String hostKeyType,
        boolean hostKeyTrusted, String status, OffsetDateTime lastSeen, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** {@code type} is {@code ssh_key} (with its id) or {@code password}. */
    public record CredentialView(String type, Long sshKeyId) {
    }
}
