package dev.servermonitor.common.ssh;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.jboss.logging.Logger;

/** Reads private keys (OpenSSH, PEM RSA/EC, Ed25519) and names keys the way OpenSSH prints them. */
public final class SshKeys {

    /** A parsed private key with what is safe to show of it. */
    public record ParsedKey(KeyPair keyPair, String type, String publicKey, String fingerprint) {
    }

    /** The key text could not be read; the message never quotes the key. */
    public static final class InvalidKeyException extends Exception {

        public InvalidKeyException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Logger LOG = Logger.getLogger(SshKeys.class);

    private SshKeys() {
    }

    public static ParsedKey parse(String privateKey, String passphrase) throws InvalidKeyException {
        if (privateKey == null || privateKey.isBlank()) {
            throw new InvalidKeyException("privateKey is empty");
        }
        boolean havePassphrase = passphrase != null && !passphrase.isEmpty();
        // MINA asks for the passphrase only when the key is encrypted: that tells "encrypted" from "garbage"
        AtomicBoolean askedForPassphrase = new AtomicBoolean();
        FilePasswordProvider password = (session, resource, retry) -> {
            askedForPassphrase.set(true);
            return havePassphrase ? passphrase : null;
        };
        Iterator<KeyPair> pairs;
        try {
            pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("uploaded-key"),
                    new ByteArrayInputStream(privateKey.strip().getBytes(StandardCharsets.UTF_8)), password).iterator();
        } catch (Exception e) {
            if (askedForPassphrase.get()) {
                throw new InvalidKeyException(havePassphrase
                        ? "privateKey could not be decrypted: the passphrase is wrong"
                        : "privateKey is encrypted: a passphrase is required");
            }
            // the cause names the parser's complaint (never the key): what tells a bad key from a missing algorithm
            LOG.debugf("uploaded key not read: %s", e);
            throw new InvalidKeyException(
                    "privateKey could not be read as an OpenSSH or PEM (RSA, EC, Ed25519) private key");
        }
        if (pairs == null || !pairs.hasNext()) {
            throw new InvalidKeyException("privateKey holds no private key");
        }
        KeyPair pair = pairs.next();
        return new ParsedKey(pair, KeyUtils.getKeyType(pair), PublicKeyEntry.toString(pair.getPublic()),
                fingerprint(pair.getPublic()));
    }

    /**
     * The smallest RSA modulus the vault takes: 2048 bits is only 112-bit security (NIST SP 800-57).
     */
    public static final int MIN_RSA_BITS = 3072;

    /**
     * Refuses what the vault must not store: RSA under {@value #MIN_RSA_BITS} bits and DSA. Checked on
     * upload only, so a key stored before keeps working until it is replaced.
     */
    public static void requireVaultStrength(ParsedKey key) throws InvalidKeyException {
        PublicKey pub = key.keyPair().getPublic();
        if (pub instanceof DSAPublicKey) {
            throw new InvalidKeyException("privateKey is a DSA (ssh-dss) key, which OpenSSH no longer accepts:"
                    + " use Ed25519, ECDSA or RSA of at least " + MIN_RSA_BITS + " bits (ssh-keygen -t ed25519)");
        }
        if (pub instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new InvalidKeyException("privateKey is a " + rsa.getModulus().bitLength()
                    + "-bit RSA key: RSA keys need at least " + MIN_RSA_BITS
                    + " bits (ssh-keygen -t rsa -b 4096), or use Ed25519 (ssh-keygen -t ed25519)");
        }
    }

    /** {@code SHA256:<base64>} as {@code ssh-keygen -lf} prints it. */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }
}
