package dev.servermonitor.api.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;

/**
 * The audit log for admins and auditors: a paged list, and CSV/JSON exports streamed row by row.
 */
@Path("/api")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class AuditResource {

    private final AuditService service;
    private final SecurityIdentity identity;

    public AuditResource(AuditService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /**
     * Newest first; {@code limit} 1-1000 (100); {@code cursor} from the previous page's
     * {@code nextCursor}.
     */
    @GET
    @Path("/audit-logs")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "A filter, limit or cursor is invalid")
    public Uni<AuditPage> list(@BeanParam AuditQuery query, @QueryParam("cursor") String cursor) {
        return service.page(query.filter(), AuditFilter.limit(query.limit(), 100, 1000), cursor);
    }

    /** RFC 4180 CSV, {@code limit} 1-50000 (10000). */
    @GET
    @Path("/export/audit/csv")
    @Produces("text/csv")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "A filter or limit is invalid")
    public Multi<String> csv(@BeanParam AuditQuery query, @Context HttpServerRequest request) {
        return download(service.csv(query.filter(), exportLimit(query), CurrentUser.of(identity),
                RequestOrigin.of(request)), "csv");
    }

    /**
     * A JSON array, {@code limit} 1-50000 (10000); a meta over 1000 characters is replaced by a marker.
     */
    @GET
    @Path("/export/audit/json")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "A filter or limit is invalid")
    public Multi<AuditRecord> json(@BeanParam AuditQuery query, @Context HttpServerRequest request) {
        return download(service.json(query.filter(), exportLimit(query), CurrentUser.of(identity),
                RequestOrigin.of(request)), "json");
    }

    private static int exportLimit(AuditQuery query) {
        return AuditFilter.limit(query.limit(), AuditService.EXPORT_DEFAULT, AuditService.EXPORT_MAX);
    }

    private static <T> Multi<T> download(Multi<T> body, String extension) {
        return RestMulti.fromMultiData(body)
                .header("Content-Disposition", "attachment; filename=\"" + AuditService.fileName(extension) + "\"")
                .header("Cache-Control", "no-store").build();
    }
}
