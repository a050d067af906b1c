package dev.servermonitor.api.sshkey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest. The 256-bit key is derived from a configured secret with
 * HKDF-SHA256 and a purpose label (so one secret never serves two purposes with the same key); each
 * value gets a fresh random 96-bit nonce; the purpose and key id are bound in as associated data.
 * The key id (first 16 hex digits of SHA-256 of the derived key) is stored beside each value so
 * rotation can tell which key opens which row.
 */
public final class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecureRandom random = new SecureRandom();

    private final String purpose;
    private final SecretKeySpec key;
    private final String keyId;

    public SecretBox(String secret, String purpose) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("no secret configured for " + purpose);
        }
        this.purpose = purpose;
        byte[] derived = hkdf(secret.getBytes(StandardCharsets.UTF_8), ("servermonitor/" + purpose).getBytes(
                StandardCharsets.UTF_8));
        this.key = new SecretKeySpec(derived, "AES");
        this.keyId = HexFormat.of().formatHex(sha256(derived), 0, 8);
    }

    public String keyId() {
        return keyId;
    }

    public Sealed seal(byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad());
            return new Sealed(keyId, nonce, c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public Sealed seal(String plaintext) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** Throws {@link IllegalArgumentException} when another key sealed it or it was tampered with. */
    public byte[] open(Sealed sealed) {
        if (!keyId.equals(sealed.keyId())) {
            throw new IllegalArgumentException("sealed with key " + sealed.keyId() + ", this is key " + keyId);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            c.updateAAD(aad());
            return c.doFinal(sealed.ciphertext());
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("ciphertext does not authenticate (tampered or wrong key)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String openString(Sealed sealed) {
        return new String(open(sealed), StandardCharsets.UTF_8);
    }

    private byte[] aad() {
        return (purpose + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5869 with SHA-256, a fixed salt and one output block (32 bytes). */
    static byte[] hkdf(byte[] inputKey, byte[] info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("servermonitor-hkdf-salt-v1".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] prk = mac.doFinal(inputKey);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info);
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
