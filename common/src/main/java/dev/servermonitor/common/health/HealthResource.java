package dev.servermonitor.common.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.config.CommonConfig;

/**
 * Liveness ({@code /api/health}) and readiness ({@code /api/ready}) for orchestrators and the run
 * script.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class HealthResource {

    private final CommonConfig config;
    private final ReadinessChecks readiness;

    public HealthResource(CommonConfig config, ReadinessChecks readiness) {
        this.config = config;
        this.readiness = readiness;
    }

    /** 200 while the process runs, database or not. */
    @GET
    @Path("/health")
    @NonBlocking
    public HealthView health() {
        return new HealthView("ok", config.service(), Instant.now());
    }

    /**
     * 200 when every check passes, else 503; each check says only ok or fail. This is the public port:
     * the reasons (which may name hosts, ports, databases) are on the management port's
     * {@code /q/health/ready} and in the log.
     */
    @GET
    @Path("/ready")
    public Uni<Response> ready() {
        return readiness.evaluate().map(results -> {
            boolean ready = ReadinessChecks.allOk(results);
            Map<String, CheckView> checks = new LinkedHashMap<>();
            results.forEach((name, r) -> checks.put(name, new CheckView(r.status())));
            ReadyView body = new ReadyView(ready ? "ready" : "not_ready", config.service(), Instant.now(), checks);
            return Response.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body)
                    .build();
        });
    }

    public record HealthView(String status, String service, Instant timestamp) {
    }

    public record ReadyView(String status, String service, Instant timestamp, Map<String, CheckView> checks) {
    }

    public record CheckView(String status) {
    }
}
