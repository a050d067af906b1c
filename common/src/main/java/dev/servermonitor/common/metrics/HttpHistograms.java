package dev.servermonitor.common.metrics;

import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * {@code http_server_requests_seconds} as a real Prometheus histogram in every service: fixed
 * buckets ({@code _bucket{le=…}}), so latency quantiles aggregate across replicas in Prometheus
 * ({@code histogram_quantile}) instead of being percentiles computed per process. Twelve buckets
 * per route, method and status keep the series count bounded.
 */
public class HttpHistograms {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    @Produces
    @Singleton
    MeterFilter httpServerHistogram() {
        return new MeterFilter() {

            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    double[] slos = new double[BUCKETS.length];
                    for (int i = 0; i < BUCKETS.length; i++) {
                        slos[i] = BUCKETS[i].toNanos();
                    }
                    return DistributionStatisticConfig.builder().serviceLevelObjectives(slos).build().merge(config);
                }
                return config;
            }
        };
    }
}
