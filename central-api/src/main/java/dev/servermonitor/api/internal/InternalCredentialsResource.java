package dev.servermonitor.api.internal;

import static dev.servermonitor.api.RequestBodies.required;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.ssh.SshCredentialsRequest;

/**
 * Service-to-service only. {@code @PermitAll} because user tokens do not apply here: the service
 * token is checked in code. Must not be routed from outside the cluster (docs/architecture.md).
 */
@Path("/internal/ssh-credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class InternalCredentialsResource {

    private final InternalCredentialsService service;

    public InternalCredentialsResource(InternalCredentialsService service) {
        this.service = service;
    }

    @POST
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "A field is invalid")
    @APIResponse(responseCode = "401", description = "Not the service token")
    @APIResponse(responseCode = "403", description = "The user may not open a terminal")
    @APIResponse(responseCode = "404", description = "No such server")
    @APIResponse(responseCode = "409", description = "Host key not trusted yet")
    public Uni<Response> issue(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, SshCredentialsRequest body,
            @Context HttpServerRequest request) {
        service.requireServiceToken(authorization);
        return service.issue(required(body), RequestOrigin.of(request))
                .map(view -> Response.ok(view).header("Cache-Control", "no-store").build());
    }
}
