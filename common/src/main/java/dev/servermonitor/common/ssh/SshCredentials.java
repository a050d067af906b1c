package dev.servermonitor.common.ssh;

/**
 * central-api's answer on {@code /internal/ssh-credentials}: the endpoint, trusted host key and the
 * decrypted credential. Holds secrets: short-lived, never logged ({@link #toString()} leaves them
 * out).
 */
public record SshCredentials(long serverId, String host, int port, String username, String hostKeyFingerprint,
        String type, String privateKey, String passphrase, String password) {

    /** Where and as whom to connect; parses the private key (CPU work, off the event loop). */
    public SshTarget target() throws SshKeys.InvalidKeyException {
        if ("ssh_key".equals(type)) {
            return new SshTarget(host, port, username, hostKeyFingerprint,
                    SshKeys.parse(privateKey, passphrase).keyPair(),
                    null);
        }
        return new SshTarget(host, port, username, hostKeyFingerprint, null, password);
    }

    @Override
    public String toString() {
        return username + "@" + host + ":" + port + " (" + type + ")";
    }
}
