package dev.servermonitor.common.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Makes {@code /q/health/ready} (management port) agree with {@code /api/ready}, with each check's
 * reason.
 */
@Readiness
@ApplicationScoped
public class ReadinessHealthCheck implements AsyncHealthCheck {

    private final ReadinessChecks readiness;

    public ReadinessHealthCheck(ReadinessChecks readiness) {
        this.readiness = readiness;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return readiness.evaluate().map(results -> {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("servermonitor")
                    .status(ReadinessChecks.allOk(results));
            results.forEach((name, r) -> builder.withData(name, r.status() + ": " + r.reason()));
            return builder.build();
        });
    }
}
