package dev.servermonitor.api.task;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
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
 * Remote tasks for admins and operators. Operators see and cancel their own tasks; admins, all.
 */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class TaskResource {

    private final TaskService service;
    private final SecurityIdentity identity;

    public TaskResource(TaskService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /**
     * Newest first, without output; filters {@code serverId}, {@code status}, {@code from}/{@code to}
     * (creation time), {@code userId} (admins); {@code limit} 1-500 (50), {@code cursor}.
     */
    @GET
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "A filter, limit or cursor is invalid")
    public Uni<TaskPage> list(@BeanParam TaskFilter.Query query) {
        return service.page(query, CurrentUser.of(identity));
    }

    @GET
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No such task, or not yours")
    public Uni<TaskView> get(@PathParam("id") long id) {
        return service.get(id, CurrentUser.of(identity));
    }

    /**
     * 200 with the cancelled task when it was queued; 202 when it is running and its remote processes
     * are being killed (it ends {@code cancelled}).
     */
    @POST
    @Path("/{id: [0-9]+}/cancel")
    @APIResponse(responseCode = "200", description = "Cancelled before it ran")
    @APIResponse(responseCode = "202", description = "Running; being stopped")
    @APIResponse(responseCode = "404", description = "No such task, or not yours")
    @APIResponse(responseCode = "409", description = "The task has already finished")
    public Uni<Response> cancel(@PathParam("id") long id, @Context HttpServerRequest request) {
        return service.cancel(id, CurrentUser.of(identity), RequestOrigin.of(request))
                .map(result -> Response.status(result.done() ? 200 : 202).entity(TaskView.of(result.task()))
                        .build());
    }
}
