package dev.servermonitor.monitor.processes;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.security.Roles;

/**
 * {@code GET /api/servers/{id}/processes?sort=cpu|memory&limit=}: the server's busiest processes
 * now. Viewers see process names; admins and operators, who may run commands there anyway, see
 * command lines.
 */
@Path("/api/servers/{id}/processes")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
public class ProcessResource {

    private final ProcessService service;
    private final SecurityIdentity identity;

    public ProcessResource(ProcessService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ProcessesView> top(@PathParam("id") long id, @QueryParam("sort") String sort,
            @QueryParam("limit") String limit) {
        boolean commandLines = identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.OPERATOR);
        return service.top(id, sort, limit, commandLines);
    }
}
