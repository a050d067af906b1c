package dev.servermonitor.api.sshkey;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.common.error.ApiException;

/**
 * The vault's keys: the current master key and, during a rotation, the next one. Values are sealed
 * with the next key while one is configured, and opened with whichever key their key id names.
 */
@ApplicationScoped
public class VaultKeys {

    static final String PURPOSE = "ssh-key-vault";

    private final Optional<SecretBox> current;
    private final Optional<SecretBox> next;

    public VaultKeys(ApiConfig config) {
        this.current = config.vault().masterKey().map(k -> new SecretBox(k, PURPOSE));
        this.next = config.vault().masterKeyNext().map(k -> new SecretBox(k, PURPOSE));
    }

    public Sealed seal(String plaintext) {
        return sealing().seal(plaintext);
    }

    public String open(Sealed sealed) {
        Optional<SecretBox> box = boxFor(sealed.keyId());
        if (box.isPresent()) {
            return box.get().openString(sealed);
        }
        throw new IllegalStateException("vault value sealed with key " + sealed.keyId()
                + ", which is neither KEY_VAULT_MASTER_KEY nor KEY_VAULT_MASTER_KEY_NEXT");
    }

    /** The configured key (current or next) with this key id, if any. */
    public Optional<SecretBox> boxFor(String keyId) {
        return next.filter(b -> b.keyId().equals(keyId)).or(() -> current.filter(b -> b.keyId().equals(keyId)));
    }

    /** The ids of the configured keys (none while KEY_VAULT_MASTER_KEY is unset). */
    public List<String> keyIds() {
        return Stream.of(current, next).flatMap(Optional::stream).map(SecretBox::keyId).toList();
    }

    public boolean configured() {
        return current.isPresent();
    }

    /** The rotation target; 409 when KEY_VAULT_MASTER_KEY_NEXT is not set. */
    public SecretBox next() {
        return next.orElseThrow(() -> new ApiException(409, "conflict",
                "Set KEY_VAULT_MASTER_KEY_NEXT (and restart) before rotating the vault key"));
    }

    private SecretBox sealing() {
        return next.or(() -> current).orElseThrow(() -> new ApiException(503, "vault_unavailable",
                "The key vault has no master key: KEY_VAULT_MASTER_KEY is not configured"));
    }
}
