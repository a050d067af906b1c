package dev.servermonitor.api.server;

import static dev.servermonitor.api.RequestBodies.required;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;

/** The servers inventory: every role reads, admins and operators write. */
@Path("/api/servers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.AUDITOR})
public class ServerResource {

    private final ServerService service;
    private final ServerConnections connections;
    private final SecurityIdentity identity;

    public ServerResource(ServerService service, ServerConnections connections, SecurityIdentity identity) {
        this.service = service;
        this.connections = connections;
        this.identity = identity;
    }

    @GET
    @APIResponse(responseCode = "200", description = "Every server, by name", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ServerView.class)))
    public Uni<RestResponse<byte[]>> list() {
        // serialised once per change of the servers, not per request
        return service.listJson().map(json -> RestResponse.ResponseBuilder.ok(json, MediaType.APPLICATION_JSON_TYPE)
                .build());
    }

    @GET
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No such server")
    public Uni<ServerView> get(@PathParam("id") long id) {
        return service.get(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field is invalid")
    @APIResponse(responseCode = "409", description = "Same host, port and username exist")
    public Uni<Response> create(ServerRequest body, @Context HttpServerRequest request) {
        return service.create(required(body), CurrentUser.of(identity), RequestOrigin.of(request))
                .map(server -> Response.status(Response.Status.CREATED).entity(server).build());
    }

    @PUT
    @Path("/{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "A field is invalid")
    @APIResponse(responseCode = "404", description = "No such server")
    @APIResponse(responseCode = "409", description = "Same host, port and username exist")
    public Uni<ServerView> update(@PathParam("id") long id, ServerRequest body, @Context HttpServerRequest request) {
        return service.update(id, required(body), CurrentUser.of(identity), RequestOrigin.of(request));
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "204", description = "Done, no content")
    @APIResponse(responseCode = "404", description = "No such server")
    public Uni<Void> delete(@PathParam("id") long id, @Context HttpServerRequest request) {
        return service.delete(id, CurrentUser.of(identity), RequestOrigin.of(request));
    }

    /**
     * The host key the server presents now (not trusted by this call); 502 when it cannot be reached.
     */
    @POST
    @Path("/{id: [0-9]+}/host-key")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No such server")
    @APIResponse(responseCode = "502", description = "The server cannot be reached")
    public Uni<ServerConnections.HostKeyView> fetchHostKey(@PathParam("id") long id) {
        return connections.fetchHostKey(id);
    }

    /** Trusts the fingerprint if the server presents it now; 409 when it does not. */
    @PUT
    @Path("/{id: [0-9]+}/host-key")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "Not a SHA256 fingerprint")
    @APIResponse(responseCode = "404", description = "No such server")
    @APIResponse(responseCode = "409", description = "The server presents another key")
    @APIResponse(responseCode = "502", description = "The server cannot be reached")
    public Uni<ServerView> trustHostKey(@PathParam("id") long id, HostKeyTrustRequest body,
            @Context HttpServerRequest request) {
        return connections.trustHostKey(id, required(body).fingerprint(), CurrentUser.of(identity),
                RequestOrigin.of(request));
    }

    /**
     * Connects and runs a harmless command; 200 with {ok, latencyMs, error}, 409 before the key is
     * trusted.
     */
    @POST
    @Path("/{id: [0-9]+}/test")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No such server")
    @APIResponse(responseCode = "409", description = "Host key not trusted yet")
    public Uni<ServerConnections.TestResult> test(@PathParam("id") long id, @Context HttpServerRequest request) {
        return connections.test(id, CurrentUser.of(identity), RequestOrigin.of(request));
    }

    public record HostKeyTrustRequest(String fingerprint) {
    }
}
