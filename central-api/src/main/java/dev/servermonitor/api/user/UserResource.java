package dev.servermonitor.api.user;

import static dev.servermonitor.api.RequestBodies.required;

import java.util.List;

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

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;

/**
 * Users and roles. Admin routes at class level; the caller's own routes say {@code @Authenticated}.
 */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class UserResource {

    private final UserService service;
    private final SecurityIdentity identity;

    public UserResource(UserService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public Uni<List<UserView>> list() {
        return service.list();
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field is invalid")
    @APIResponse(responseCode = "409", description = "Username or e-mail in use")
    public Uni<Response> create(UserRequests.Create body, @Context HttpServerRequest request) {
        return service.create(required(body), me(), RequestOrigin.of(request))
                .map(user -> Response.status(Response.Status.CREATED).entity(user).build());
    }

    @GET
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<UserView> get(@PathParam("id") long id) {
        return service.get(id);
    }

    @PUT
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "A field is invalid")
    @APIResponse(responseCode = "403", description = "Changing your own role")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "Last active admin, or e-mail in use")
    public Uni<UserView> update(@PathParam("id") long id, UserRequests.Update body,
            @Context HttpServerRequest request) {
        return service.update(id, required(body), me(), RequestOrigin.of(request));
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "204", description = "Done, no content")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "Last active admin")
    public Uni<Void> delete(@PathParam("id") long id, @Context HttpServerRequest request) {
        return service.delete(id, me(), RequestOrigin.of(request));
    }

    @GET
    @Path("/me")
    @Authenticated
    public Uni<UserView> getMe() {
        return service.get(me().id());
    }

    @PUT
    @Path("/me")
    @Authenticated
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "A field is invalid")
    @APIResponse(responseCode = "403", description = "Changing your own role")
    @APIResponse(responseCode = "409", description = "E-mail in use")
    public Uni<UserView> updateMe(UserRequests.UpdateMe body, @Context HttpServerRequest request) {
        return service.updateMe(required(body), me(), RequestOrigin.of(request));
    }

    /** 204; the user must log in again everywhere (their tokens are revoked). */
    @POST
    @Path("/{id: [0-9]+}/password")
    @Authenticated
    @APIResponse(responseCode = "204", description = "Done, no content")
    @APIResponse(responseCode = "400", description = "Missing currentPassword or weak newPassword")
    @APIResponse(responseCode = "403", description = "Wrong currentPassword, or not allowed")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Void> changePassword(@PathParam("id") long id, UserRequests.PasswordChange body,
            @Context HttpServerRequest request) {
        return service.changePassword(id, required(body), me(), RequestOrigin.of(request));
    }

    private CurrentUser me() {
        return CurrentUser.of(identity);
    }
}
