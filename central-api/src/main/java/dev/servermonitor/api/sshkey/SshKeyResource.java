package dev.servermonitor.api.sshkey;

import static dev.servermonitor.api.RequestBodies.required;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

/** The SSH key vault. Metadata only ever leaves it; deletion and rotation are for admins. */
@Path("/api/ssh-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class SshKeyResource {

    private final SshKeyService service;
    private final SecurityIdentity identity;

    public SshKeyResource(SshKeyService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public Uni<List<SshKeyView>> list() {
        return service.list();
    }

    /** 201 with the key's metadata; 400 when the key cannot be read. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Not a readable private key, or a field is invalid")
    @APIResponse(responseCode = "409", description = "Name in use")
    public Uni<Response> create(SshKeyRequest body, @Context HttpServerRequest request) {
        return service.create(required(body), CurrentUser.of(identity), RequestOrigin.of(request))
                .map(key -> Response.status(Response.Status.CREATED).entity(key).build());
    }

    @GET
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No such key")
    public Uni<SshKeyView> get(@PathParam("id") long id) {
        return service.get(id);
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "204", description = "Done, no content")
    @APIResponse(responseCode = "404", description = "No such key")
    @APIResponse(responseCode = "409", description = "Used by a server")
    public Uni<Void> delete(@PathParam("id") long id, @Context HttpServerRequest request) {
        return service.delete(id, CurrentUser.of(identity), RequestOrigin.of(request));
    }

    /**
     * Re-seals every key with KEY_VAULT_MASTER_KEY_NEXT (see docs/operations.md, "Rotating the vault
     * key").
     */
    @POST
    @Path("/rotate")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "409", description = "KEY_VAULT_MASTER_KEY_NEXT is not set")
    public Uni<SshKeyService.RotationView> rotate(@Context HttpServerRequest request) {
        return service.rotate(CurrentUser.of(identity), RequestOrigin.of(request));
    }
}
