package dev.servermonitor.api.server;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.sshkey.SshKey;
import dev.servermonitor.api.sshkey.SshKeyRepository;
import dev.servermonitor.api.sshkey.VaultKeys;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.ssh.SshKeys;
import dev.servermonitor.common.ssh.SshTarget;

/**
 * Opens a server's sealed credential into an {@link SshTarget}, only for the moment it is needed.
 */
@ApplicationScoped
public class ServerCredentials {

    private final Pool pool;
    private final SshKeyRepository keys;
    private final VaultKeys vault;
    private final ServerPasswords passwords;

    public ServerCredentials(Pool pool, SshKeyRepository keys, VaultKeys vault, ServerPasswords passwords) {
        this.pool = pool;
        this.keys = keys;
        this.vault = vault;
        this.passwords = passwords;
    }

    /** Blocking parts (decrypting a passphrase-protected key) belong on a worker: call from one. */
    public Uni<SshTarget> target(Server server) {
        if (server.sshKeyId() == null) {
            return Uni.createFrom().item(new SshTarget(server.host(), server.port(), server.username(),
                    server.hostKeyFingerprint(), null, passwords.open(server.password())));
        }
        return keys.findById(pool, server.sshKeyId()).map(key -> new SshTarget(server.host(), server.port(),
                server.username(), server.hostKeyFingerprint(), parse(key).keyPair(), null));
    }

    /** The private key and passphrase in clear text, for the internal credentials hand-out. */
    public Uni<SshKeyMaterial> keyMaterial(long sshKeyId) {
        return keys.findById(pool, sshKeyId).map(key -> new SshKeyMaterial(vault.open(key.privateKey()),
                key.passphrase() == null ? null : vault.open(key.passphrase())));
    }

    public String password(Server server) {
        return passwords.open(server.password());
    }

    private SshKeys.ParsedKey parse(SshKey key) {
        if (key == null) {
            throw new ApiException(409, "conflict", "The server's SSH key is no longer in the vault");
        }
        try {
            return SshKeys.parse(vault.open(key.privateKey()),
                    key.passphrase() == null ? null : vault.open(key.passphrase()));
        } catch (SshKeys.InvalidKeyException e) {
            throw new IllegalStateException("a vault key no longer parses: " + e.getMessage());
        }
    }

    /** A vault key in clear text. */
    public record SshKeyMaterial(String privateKey, String passphrase) {
    }
}
