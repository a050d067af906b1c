package dev.servermonitor.common.ssh;

import java.security.KeyPair;

/**
 * Where and as whom to connect, with the trusted host-key fingerprint and exactly one credential.
 * Holds decrypted secrets: keep it short-lived and never log it ({@link #toString()} leaves them
 * out).
 */
public record SshTarget(String host, int port, String username, String trustedFingerprint, KeyPair keyPair,
        String password) {

    @Override
    public String toString() {
        return username + "@" + host + ":" + port + " (" + (keyPair != null ? "key" : "password") + ")";
    }
}
