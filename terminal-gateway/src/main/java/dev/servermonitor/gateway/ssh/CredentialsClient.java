package dev.servermonitor.gateway.ssh;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.gateway.GatewayConfig;
import dev.servermonitor.gateway.session.TerminalRefusal;

/**
 * Asks central-api for a server's SSH credentials with the user's own token ({@code purpose:
 * terminal}), so central-api decides again whether this user may open a terminal. The gateway holds
 * no vault key.
 */
@ApplicationScoped
public class CredentialsClient {

    /** central-api's internal route. */
    @Path("/internal/ssh-credentials")
    public interface Api {

        @POST
        Uni<SshCredentials> issue(@HeaderParam("Authorization") String serviceToken, Map<String, Object> body);
    }

    private final Api api;
    private final String serviceToken;

    public CredentialsClient(GatewayConfig config) {
        this.api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(config.centralApiUrl()))
                .connectTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .readTimeout(10, java.util.concurrent.TimeUnit.SECONDS).build(Api.class);
        this.serviceToken = "Bearer " + config.internalApiToken().orElse("");
    }

    public Uni<SshCredentials> forTerminal(long serverId, String userToken) {
        return api
                .issue(serviceToken,
                        Map.of("serverId", serverId, "purpose", "terminal", "userToken", userToken, "service",
                                "terminal_gateway"))
                .ifNoItem().after(Duration.ofSeconds(15)).fail().onFailure().transform(CredentialsClient::refusal);
    }

    private static Throwable refusal(Throwable e) {
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return switch (status) {
                case 403 ->
                    TerminalRefusal.policy("forbidden", "central-api refused this user a terminal on the server");
                case 404 -> TerminalRefusal.policy("unknown_server", "no such server");
                case 409 ->
                    TerminalRefusal.policy("host_key_untrusted", "the server's host key has not been trusted yet");
                default -> TerminalRefusal.internal("credentials_unavailable",
                        "central-api did not hand out the server's credentials (HTTP " + status + ")");
            };
        }
        return TerminalRefusal.internal("credentials_unavailable",
                "central-api could not be reached for the server's credentials");
    }
}
