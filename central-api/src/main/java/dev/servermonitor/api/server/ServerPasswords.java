package dev.servermonitor.api.server;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.api.sshkey.Sealed;
import dev.servermonitor.api.sshkey.SecretBox;
import dev.servermonitor.common.error.ApiException;

/** Seals and opens server passwords with the key derived from {@code ENCRYPTION_KEY}. */
@ApplicationScoped
public class ServerPasswords {

    static final String PURPOSE = "server-passwords";

    private final Optional<SecretBox> box;

    public ServerPasswords(ApiConfig config) {
        this.box = config.encryptionKey().map(k -> new SecretBox(k, PURPOSE));
    }

    public Sealed seal(String password) {
        return box().seal(password);
    }

    public String open(Sealed sealed) {
        return box().openString(sealed);
    }

    private SecretBox box() {
        return box.orElseThrow(() -> new ApiException(503, "encryption_unavailable",
                "Server passwords cannot be stored: ENCRYPTION_KEY is not configured"));
    }
}
