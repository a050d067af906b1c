package dev.servermonitor.api.sshkey;

import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code ssh_keys}: metadata plus the sealed private key (and passphrase, if any). */
public record SshKey(long id, String name, String description, String type, String publicKey, String fingerprint,
        Sealed privateKey, Sealed passphrase, OffsetDateTime createdAt) {

    static final String COLUMNS = "id, name, description, key_type, public_key, fingerprint, private_key_sealed,"
            + " private_key_nonce, passphrase_sealed, passphrase_nonce, key_id, created_at";

    static SshKey from(Row r) {
        String keyId = r.getString("key_id");
        Sealed passphrase = r.getBuffer("passphrase_sealed") == null
                ? null
                : new Sealed(keyId, r.getBuffer("passphrase_nonce").getBytes(),
                        r.getBuffer("passphrase_sealed").getBytes());
        return new SshKey(r.getLong("id"), r.getString("name"), r.getString("description"), r.getString("key_type"),
                r.getString("public_key"), r.getString("fingerprint"),
                new Sealed(keyId, r.getBuffer("private_key_nonce").getBytes(),
                        r.getBuffer("private_key_sealed").getBytes()),
                passphrase, r.getOffsetDateTime("created_at"));
    }

    public SshKeyView view() {
        return new SshKeyView(id, name, description, type, publicKey, fingerprint, createdAt);
    }
}
