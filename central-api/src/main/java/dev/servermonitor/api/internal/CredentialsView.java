package dev.servermonitor.api.internal;

/**
 * What a service needs to open SSH to a server: the endpoint, the trusted host key, and the
 * decrypted credential ({@code type} {@code ssh_key} with {@code privateKey}/{@code passphrase}, or
 * {@code password}).
 */
public record CredentialsView(long serverId, String host, int port, String username, String hostKeyFingerprint,
        String type, String privateKey, String passphrase, String password) {
}
