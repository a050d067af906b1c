package dev.servermonitor.api.terminal;

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
import org.jboss.resteasy.reactive.RestMulti;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;

/**
 * Browser terminal sessions (held by terminal-gateway): the record, the recording, stopping one.
 */
@Path("/api/terminal/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class TerminalSessionResource {

    static final String ASCIICAST = "application/x-asciicast";

    private final TerminalSessionService service;
    private final SecurityIdentity identity;

    public TerminalSessionResource(TerminalSessionService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /**
     * Newest first; filters {@code userId} (admins), {@code serverId}, {@code status},
     * {@code from}/{@code to} (start time); {@code limit} 1-500 (50), {@code cursor}.
     */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "A filter, limit or cursor is invalid")
    public Uni<TerminalSessionPage> list(@BeanParam TerminalSessionFilter.Query query) {
        return service.page(query, CurrentUser.of(identity));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No such session, or not yours")
    public Uni<TerminalSessionView> get(@PathParam("id") String id) {
        return service.get(id, CurrentUser.of(identity));
    }

    /**
     * asciicast v2 (play with asciinema): output with timing, input only if TERMINAL_RECORD_INPUT was
     * on.
     */
    @GET
    @Path("/{id}/recording")
    @Produces(ASCIICAST)
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No such session, or it was not recorded")
    public Multi<String> recording(@PathParam("id") String id) {
        // a missing session fails before the first item, so it is answered as a 404, not a broken stream
        return RestMulti.fromMultiData(service.recording(id).onItem().transformToMulti(body -> body))
                .header("Content-Disposition", "attachment; filename=\"terminal-" + id + ".cast\"")
                .header("Cache-Control", "no-store").build();
    }

    /**
     * The live socket closes within about a second with reason {@code stopped}, on whichever gateway
     * holds it.
     */
    @POST
    @Path("/{id}/stop")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "202", description = "Stop sent to the gateway holding the session")
    @APIResponse(responseCode = "404", description = "No such session, or not yours")
    @APIResponse(responseCode = "409", description = "The session has already ended")
    public Uni<Response> stop(@PathParam("id") String id, @Context HttpServerRequest request) {
        return service.stop(id, CurrentUser.of(identity), RequestOrigin.of(request))
                .map(s -> Response.accepted(s).build());
    }
}
