package dev.servermonitor.api.setup;

import static dev.servermonitor.api.RequestBodies.required;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.audit.RequestOrigin;

/** First-run setup. Open to anyone, and closes itself once a user exists. */
@Path("/api/setup")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class SetupResource {

    private final SetupService setup;

    public SetupResource(SetupService setup) {
        this.setup = setup;
    }

    @GET
    @Path("/status")
    public Uni<SetupStatus> status() {
        return setup.needsSetup().map(SetupStatus::new);
    }

    /** 201 with the new admin's tokens; 409 when setup is already done. */
    @POST
    @Path("/initialize")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field is invalid (the message names it)")
    @APIResponse(responseCode = "409", description = "Setup is already done")
    public Uni<Response> initialize(SetupRequest body, @Context HttpServerRequest request) {
        return setup.initialize(required(body), RequestOrigin.of(request))
                .map(tokens -> Response.status(Response.Status.CREATED).entity(tokens).build());
    }

    public record SetupStatus(boolean needsSetup) {
    }
}
