package dev.servermonitor.api.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/** Keeps a p95 for the HTTP server timer, which /api/metrics reports per route. */
public class HttpPercentiles {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter p95ForHttpRequests() {
        return new MeterFilter() {

            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return DistributionStatisticConfig.builder().percentiles(0.95).build().merge(config);
                }
                return config;
            }
        };
    }
}
