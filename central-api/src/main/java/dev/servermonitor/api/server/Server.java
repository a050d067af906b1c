package dev.servermonitor.api.server;

import java.time.OffsetDateTime;
import java.util.Arrays;

import io.vertx.mutiny.sqlclient.Row;

import dev.servermonitor.api.sshkey.Sealed;

/** A row of {@code servers}; the password, when that is the credential, stays sealed. */
public record Server(long id, String name, String host, int port, String username, String description,
        String[] tags, Long sshKeyId, Sealed password, String hostKeyFingerprint, String hostKeyType,
        OffsetDateTime hostKeyTrustedAt, String status, OffsetDateTime lastSeen, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, name, host, port, username, description, tags, ssh_key_id, password_sealed,"
            + " password_nonce, password_key_id, host_key_fingerprint, host_key_type, host_key_trusted_at, status,"
            + " last_seen, created_at, updated_at";

    static Server from(Row r) {
        Sealed password = r.getBuffer("password_sealed") == null
                ? null
                : new Sealed(r.getString("password_key_id"), r.getBuffer("password_nonce").getBytes(),
                        r.getBuffer("password_sealed").getBytes());
        return new Server(r.getLong("id"), r.getString("name"), r.getString("host"), r.getInteger("port"),
                r.getString("username"), r.getString("description"), r.getArrayOfStrings("tags"),
                r.getLong("ssh_key_id"), password, r.getString("host_key_fingerprint"), r.getString("host_key_type"),
                r.getOffsetDateTime("host_key_trusted_at"), r.getString("status"), r.getOffsetDateTime("last_seen"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }

    public boolean hostKeyTrusted() {
        return hostKeyFingerprint != null && hostKeyTrustedAt != null;
    }

    public ServerView view() {
        ServerView.CredentialView credential = sshKeyId != null
                ? new ServerView.CredentialView("ssh_key", sshKeyId)
                : new ServerView.CredentialView("password", null);
        return new ServerView(id, name, host, port, username, description, Arrays.asList(tags), credential,
                hostKeyFingerprint, hostKeyType, hostKeyTrusted(), status, lastSeen, createdAt, updatedAt);
    }
}
