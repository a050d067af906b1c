package dev.servermonitor.api.sshkey;

/**
 * An encrypted value as stored: which key sealed it, the nonce, and the ciphertext with its GCM
 * tag.
 */
public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
}
