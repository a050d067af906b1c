package dev.servermonitor.api.sshkey;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.PgErrors;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.ssh.SshKeys;

/**
 * The SSH key vault: parse and seal on the way in, metadata on the way out, rotation of the master
 * key.
 */
@ApplicationScoped
public class SshKeyService {

    private final Pool pool;
    private final SshKeyRepository keys;
    private final VaultKeys vault;
    private final AuditWriter audit;
    private final Vertx vertx;
    private final VaultKeyCheck vaultCheck;

    public SshKeyService(Pool pool, SshKeyRepository keys, VaultKeys vault, AuditWriter audit, Vertx vertx,
            VaultKeyCheck vaultCheck) {
        this.pool = pool;
        this.keys = keys;
        this.vault = vault;
        this.audit = audit;
        this.vertx = vertx;
        this.vaultCheck = vaultCheck;
    }

    public Uni<SshKeyView> create(SshKeyRequest request, CurrentUser actor, RequestOrigin origin) {
        request.validate();
        // parsing an encrypted OpenSSH key runs bcrypt-pbkdf: off the event loop
        return vertx.executeBlocking(Uni.createFrom().item(() -> parse(request)), false).chain(parsed -> {
            Sealed privateKey = vault.seal(request.privateKey());
            Sealed passphrase = request.passphrase() == null || request.passphrase().isEmpty()
                    ? null
                    : vault.seal(request.passphrase());
            return pool.withTransaction(tx -> keys
                    .insert(tx, request.name(), request.description(), parsed.type(), parsed.publicKey(),
                            parsed.fingerprint(), privateKey, passphrase, actor.id())
                    .call(key -> audit.append(tx, AuditEntry.of("ssh_key.create").by(actor.id(), actor.username())
                            .on("ssh_key", key.id())
                            .with(Map.of("name", key.name(), "type", key.type(), "fingerprint", key.fingerprint())),
                            origin)));
        }).onFailure(PgErrors::isUniqueViolation)
                .transform(e -> new ApiException(409, "conflict", "An SSH key with that name exists"))
                .map(SshKey::view);
    }

    public Uni<List<SshKeyView>> list() {
        return keys.list(pool).map(all -> all.stream().map(SshKey::view).toList());
    }

    public Uni<SshKeyView> get(long id) {
        return keys.findById(pool, id).map(key -> ApiException.requireFound(key, "SSH key", id).view());
    }

    /** Soft delete; refused while a server still uses the key. */
    public Uni<Void> delete(long id, CurrentUser actor, RequestOrigin origin) {
        return pool
                .withTransaction(tx -> keys.findById(tx, id).map(key -> ApiException.requireFound(key, "SSH key", id))
                        .call(key -> keys.usage(tx, id).invoke(n -> {
                            if (n > 0) {
                                throw new ApiException(409, "conflict", "The key is used by " + n + " server(s)");
                            }
                        })).call(key -> keys.softDelete(tx, id))
                        .call(key -> audit.append(tx, AuditEntry.of("ssh_key.delete").by(actor.id(), actor.username())
                                .on("ssh_key", id).with(Map.of("name", key.name(), "fingerprint", key.fingerprint())),
                                origin))
                        .replaceWithVoid());
    }

    /**
     * Re-seals every stored key (deleted ones too) with KEY_VAULT_MASTER_KEY_NEXT in one transaction:
     * either all rows move to the new key or none does, so a crash midway leaves every key readable.
     * The vault's verification value moves with them.
     */
    public Uni<RotationView> rotate(CurrentUser actor, RequestOrigin origin) {
        SecretBox next = vault.next();
        return pool.withTransaction(tx -> keys.allForUpdate(tx).chain(all -> Multi.createFrom().iterable(all)
                .filter(key -> !key.privateKey().keyId().equals(next.keyId()))
                .onItem().transformToUniAndConcatenate(key -> keys.reseal(tx, key.id(),
                        next.seal(vault.open(key.privateKey())),
                        key.passphrase() == null ? null : next.seal(vault.open(key.passphrase()))).replaceWith(key))
                .collect().asList())
                .call(() -> vaultCheck.reseal(tx, next))
                .call(moved -> audit.append(tx, AuditEntry.of("ssh_key.rotate").by(actor.id(), actor.username())
                        .with(Map.of("resealed", moved.size(), "keyId", next.keyId())), origin))
                .map(moved -> new RotationView(moved.size(), next.keyId())));
    }

    private static SshKeys.ParsedKey parse(SshKeyRequest request) {
        try {
            SshKeys.ParsedKey key = SshKeys.parse(request.privateKey(), request.passphrase());
            SshKeys.requireVaultStrength(key);
            return key;
        } catch (SshKeys.InvalidKeyException e) {
            throw new ApiException(400, "invalid_key", e.getMessage());
        }
    }

    /** How many stored keys moved to the new master key, and that key's id. */
    public record RotationView(int resealed, String keyId) {
    }
}
