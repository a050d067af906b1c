package dev.servermonitor.api.sshkey;

import java.time.OffsetDateTime;

/** What the API shows of a vault key: metadata only, never the private key or passphrase. */
public record SshKeyView(long id, String name, String description, String type, String publicKey,
        String fingerprint, OffsetDateTime createdAt) {
}
