package dev.servermonitor.monitor.history;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestMulti;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.security.Roles;

/** A server's stats over HTTP: the newest sample, history buckets, raw export (docs/api.md). */
@Path("/api/servers/{id}/stats")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
public class StatsResource {

    private final StatsService service;

    public StatsResource(StatsService service) {
        this.service = service;
    }

    @GET
    @Path("/latest")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<LatestView> latest(@PathParam("id") long id) {
        return service.latest(id);
    }

    /** Buckets of {@code step} between {@code from} and {@code to} (default: the last hour). */
    @GET
    @Path("/history")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<HistoryView> history(@PathParam("id") long id, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("step") String step) {
        return service.history(id, TimeRange.withStep(from, to, step));
    }

    /**
     * Each core's and each mount's buckets between {@code from} and {@code to}, stepped like history.
     */
    @GET
    @Path("/breakdown")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<BreakdownView> breakdown(@PathParam("id") long id, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("step") String step) {
        return service.breakdown(id, TimeRange.withStep(from, to, step));
    }

    /**
     * Raw samples between {@code from} and {@code to}, oldest first, as {@code csv} or {@code json}.
     */
    @GET
    @Path("/export")
    // one declared type: the body is text either way (CSV lines or JSON pieces) and Content-Type names the format
    @Produces("text/csv")
    public RestMulti<String> export(@PathParam("id") long id, @QueryParam("format") String format,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        StatsService.Format f = StatsService.Format.of(format);
        TimeRange range = TimeRange.of(from, to);
        // the server is looked up before the first byte, so an unknown one is still a 404
        Multi<String> body = Multi.createFrom().uni(service.requireServer(id))
                .onItem().transformToMultiAndConcatenate(s -> service.export(id, range, f));
        return RestMulti.fromMultiData(body).header("Content-Type", f.contentType())
                .header("Content-Disposition", "attachment; filename=\"server-" + id + "-stats." + f.extension() + "\"")
                .header("Cache-Control", "no-store").build();
    }
}
