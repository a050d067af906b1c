package dev.servermonitor.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real keys from OpenSSH's ssh-keygen, with the fingerprint ssh-keygen itself prints as the oracle.
 */
public final class TestKeys {

    /**
     * A generated key: the private key text as a user would paste it, and what ssh-keygen says of it.
     */
    public record Generated(String privateKey, String publicKey, String fingerprint) {
    }

    private TestKeys() {
    }

    /** As {@link #generate(String, int, boolean, String)} with ssh-keygen's size, RSA 3072 bits. */
    public static Generated generate(String type, boolean pem, String passphrase) {
        return generate(type, type.equals("rsa") ? 3072 : 0, pem, passphrase);
    }

    /**
     * @param type
     *            ed25519, rsa, ecdsa or dsa
     * @param bits
     *            the key size ({@code -b}); 0 for ssh-keygen's default
     * @param pem
     *            true for the PEM format ({@code -m PEM}), false for OpenSSH's own
     * @param passphrase
     *            empty for none
     */
    public static Generated generate(String type, int bits, boolean pem, String passphrase) {
        return generate(type, bits, pem ? "PEM" : null, passphrase);
    }

    /**
     * As {@link #generate(String, int, boolean, String)} in any format ssh-keygen writes ({@code -m}):
     * {@code PEM}, {@code PKCS8}, or null for OpenSSH's own.
     */
    public static Generated generate(String type, int bits, String format, String passphrase) {
        try {
            Path dir = Files.createTempDirectory("sm-key");
            Path key = dir.resolve("id");
            List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C",
                    "servermonitor-test", "-f", key.toString()));
            if (bits > 0) {
                cmd.addAll(List.of("-b", String.valueOf(bits)));
            }
            if (format != null) {
                cmd.addAll(List.of("-m", format));
            }
            run(cmd);
            String fingerprint = run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub")).split(" ")[1];
            Generated g = new Generated(Files.readString(key), Files.readString(Path.of(key + ".pub")).strip(),
                    fingerprint);
            Files.delete(key);
            Files.delete(Path.of(key + ".pub"));
            Files.delete(dir);
            return g;
        } catch (IOException e) {
            throw new IllegalStateException("ssh-keygen (Debian package openssh-client) is needed by this test", e);
        }
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(cmd.get(0) + " failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new String(p.getInputStream().readAllBytes()).strip();
    }
}
