package dev.servermonitor.common.ssh;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * central-api's {@code POST /internal/ssh-credentials}, called with {@code INTERNAL_API_TOKEN}: the
 * only way the gateway and the monitor get a server's SSH credentials (the vault key stays in
 * central-api). A refusal, or no answer within 15 s, fails with {@link CredentialsUnavailable},
 * which says why.
 */
public final class CredentialsApi {

    @Path("/internal/ssh-credentials")
    public interface Api {

        @POST
        Uni<SshCredentials> issue(@HeaderParam("Authorization") String serviceToken, SshCredentialsRequest body);
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
        return issue(SshCredentialsRequest.forTerminal(serverId, userToken, service));
    }

    /** For stats collection, on no user's behalf. */
    public Uni<SshCredentials> forStats(long serverId) {
        return issue(SshCredentialsRequest.forStats(serverId, service));
    }

    private Uni<SshCredentials> issue(SshCredentialsRequest body) {
        return api.issue(serviceToken, body).ifNoItem().after(ANSWER_WITHIN).fail().onFailure()
                .transform(CredentialsUnavailable::of);
    }
}
