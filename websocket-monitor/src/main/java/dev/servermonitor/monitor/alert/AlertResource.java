package dev.servermonitor.monitor.alert;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;

/** Threshold alerts: list with filters, acknowledge (docs/api.md). */
@Path("/api/alerts")
public class AlertResource {

    private final AlertService service;
    private final SecurityIdentity identity;

    public AlertResource(AlertService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /**
     * Newest first; {@code status} open|resolved, {@code serverId}, {@code severity}, {@code metric},
     * {@code limit} 1-500 (100), {@code before} an alert id from the previous page.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
    public Uni<AlertPage> list(@QueryParam("status") String status, @QueryParam("serverId") Long serverId,
            @QueryParam("severity") String severity, @QueryParam("metric") String metric,
            @QueryParam("limit") Integer limit, @QueryParam("before") Long before) {
        return service.list(AlertFilter.of(status, serverId, severity, metric, limit, before));
    }

    /** Marks an alert seen by someone who will act on it; audited. */
    @POST
    @Path("/{id}/ack")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Uni<AlertView> ack(@PathParam("id") long id, @Context HttpServerRequest request) {
        return service.ack(id, CurrentUser.of(identity), RequestOrigin.of(request));
    }
}
