package dev.servermonitor.api.task;

import static dev.servermonitor.api.RequestBodies.required;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;

/**
 * Queues a task on a server. A class of its own: under {@code /api/servers} the inventory resource
 * would claim the path first.
 */
@Path("/api/servers/{serverId: [0-9]+}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class ServerTaskResource {

    private final TaskService service;
    private final SecurityIdentity identity;

    public ServerTaskResource(TaskService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /**
     * Queues {@code command} on server {@code id} after the safety policy allowed it; 403 with the rule
     * when it did not.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Queued")
    @APIResponse(responseCode = "400", description = "A field is invalid")
    @APIResponse(responseCode = "403", description = "The command violates the safety policy")
    @APIResponse(responseCode = "404", description = "No such server")
    @APIResponse(responseCode = "409", description = "The server's host key is not trusted yet")
    @APIResponse(responseCode = "429", description = "Too many tasks created this minute; see Retry-After")
    public Uni<Response> create(@PathParam("serverId") long serverId, TaskRequest body,
            @Context HttpServerRequest request) {
        return service.create(serverId, required(body), CurrentUser.of(identity), RequestOrigin.of(request))
                .map(task -> Response.created(URI.create("/api/tasks/" + task.id())).entity(task).build());
    }
}
