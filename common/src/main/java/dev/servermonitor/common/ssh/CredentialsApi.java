package dev.servermonitor.common.ssh;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * central-api's {@code POST /internal/ssh-credentials}, called with {@code INTERNAL_API_TOKEN}: the
 * only way the gateway and the monitor get a server's SSH credentials (the vault key stays in
 * central-api). A refusal fails with the client's {@code WebApplicationException}, whose status the
 * caller maps; no answer within 15 s fails with a timeout.
 */
public final class CredentialsApi {

    @Path("/internal/ssh-credentials")
    public interface Api {

        @POST
        Uni<SshCredentials> issue(@HeaderParam("Authorization") String serviceToken, Map<String, Object> body);
    }

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

    private final Api api;
    private final String serviceToken;
    private final String service;

    /**
     * @param service
     *            who asks, for central-api's audit entry
     */
    public CredentialsApi(String centralApiUrl, String internalApiToken, String service) {
        this.api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(centralApiUrl))
                .connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS).build(Api.class);
        this.serviceToken = "Bearer " + (internalApiToken == null ? "" : internalApiToken);
        this.service = service;
    }

    /** For a terminal: central-api checks the user's own token again. */
    public Uni<SshCredentials> forTerminal(long serverId, String userToken) {
        return issue(Map.of("serverId", serverId, "purpose", "terminal", "userToken", userToken, "service", service));
    }

    /** For stats collection, on no user's behalf. */
    public Uni<SshCredentials> forStats(long serverId) {
        return issue(Map.of("serverId", serverId, "purpose", "stats", "service", service));
    }

    private Uni<SshCredentials> issue(Map<String, Object> body) {
        return api.issue(serviceToken, body).ifNoItem().after(ANSWER_WITHIN).fail();
    }
}
