package dev.servermonitor.gateway.ssh;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.socket.SocketRefusal;
import dev.servermonitor.common.ssh.CredentialsApi;
import dev.servermonitor.common.ssh.CredentialsUnavailable;
import dev.servermonitor.common.ssh.SshCredentials;
import dev.servermonitor.gateway.GatewayConfig;

/**
 * Asks central-api for a server's SSH credentials with the user's own token ({@code purpose:
 * terminal}), so central-api decides again whether this user may open a terminal. The gateway holds
 * no vault key.
 */
@ApplicationScoped
public class CredentialsClient {

    private final CredentialsApi api;

    public CredentialsClient(GatewayConfig config) {
        this.api = new CredentialsApi(config.centralApiUrl(), config.internalApiToken().orElse(""),
                "terminal_gateway");
    }

    public Uni<SshCredentials> forTerminal(long serverId, String userToken) {
        return api.forTerminal(serverId, userToken).onFailure(CredentialsUnavailable.class)
                .transform(e -> refusal((CredentialsUnavailable) e));
    }

    private static SocketRefusal refusal(CredentialsUnavailable u) {
        return switch (u.reason()) {
            case FORBIDDEN ->
                SocketRefusal.policy("forbidden", "central-api refused this user a terminal on the server");
            case UNKNOWN_SERVER -> SocketRefusal.policy("unknown_server", "no such server");
            case HOST_KEY_UNTRUSTED ->
                SocketRefusal.policy("host_key_untrusted", "the server's host key has not been trusted yet");
            default -> SocketRefusal.internal("credentials_unavailable", u.getMessage());
        };
    }
}
