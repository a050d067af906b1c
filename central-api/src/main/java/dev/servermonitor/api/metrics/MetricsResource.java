package dev.servermonitor.api.metrics;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.api.task.TaskMetrics;
import dev.servermonitor.common.correlation.RouteTemplates;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.Roles;

/**
 * Metrics for operators: Prometheus text by default, JSON for {@code Accept: application/json}.
 * Allowed for an admin token or a client on this machine (loopback); anyone else gets 403. Security
 * is decided in code, hence {@code @PermitAll}.
 */
@Path("/api/metrics")
@PermitAll
public class MetricsResource {

    private final PrometheusMeterRegistry registry;
    private final CurrentIdentityAssociation identity;
    private final TaskMetrics taskMetrics;

    public MetricsResource(PrometheusMeterRegistry registry, CurrentIdentityAssociation identity,
            TaskMetrics taskMetrics) {
        this.registry = registry;
        this.identity = identity;
        this.taskMetrics = taskMetrics;
    }

    /** JSON when the client's first choice is {@code application/json}; Prometheus text otherwise. */
    @GET
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "403", description = "Neither an admin token nor a local client")
    public Uni<Response> metrics(@Context HttpServerRequest request, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        boolean json = accept != null && accept.split(",")[0].strip().startsWith(MediaType.APPLICATION_JSON);
        return allowed(request).map(ok -> json
                ? Response.ok(view(), MediaType.APPLICATION_JSON_TYPE).build()
                : Response.ok(registry.scrape(), "text/plain; version=0.0.4; charset=utf-8").build());
    }

    private Uni<Boolean> allowed(HttpServerRequest request) {
        if (loopback(request)) {
            return Uni.createFrom().item(true);
        }
        return identity.getDeferredIdentity().map(id -> {
            if (!id.isAnonymous() && id.hasRole(Roles.ADMIN)) {
                return true;
            }
            throw new ApiException(403, "forbidden", "Metrics are for admins and for clients on this machine");
        });
    }

    private MetricsView view() {
        Map<String, List<Timer>> byRoute = new LinkedHashMap<>();
        for (Timer t : registry.find(HttpPercentiles.HTTP_SERVER_REQUESTS).timers()) {
            String key = t.getId().getTag("method") + " "
                    + RouteTemplates.normalise(String.valueOf(t.getId().getTag("uri")));
            byRoute.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        List<MetricsView.RouteStats> routes = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, List<Timer>> e : byRoute.entrySet()) {
            long count = 0;
            double totalMs = 0;
            double maxMs = 0;
            double p95 = 0;
            for (Timer t : e.getValue()) {
                count += t.count();
                totalMs += t.totalTime(TimeUnit.MILLISECONDS);
                maxMs = Math.max(maxMs, t.max(TimeUnit.MILLISECONDS));
                for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
                    p95 = Math.max(p95, v.value(TimeUnit.MILLISECONDS));
                }
            }
            total += count;
            String[] methodAndRoute = e.getKey().split(" ", 2);
            routes.add(new MetricsView.RouteStats(methodAndRoute[0], methodAndRoute[1], count,
                    round(count == 0 ? 0 : totalMs / count), round(p95), round(maxMs)));
        }
        routes.sort(Comparator.comparing(MetricsView.RouteStats::route).thenComparing(MetricsView.RouteStats::method));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return new MetricsView(uptime, total, routes, taskMetrics.running(), taskMetrics.queued(), null, null);
    }

    private static boolean loopback(HttpServerRequest request) {
        if (request.remoteAddress() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(request.remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }
}
