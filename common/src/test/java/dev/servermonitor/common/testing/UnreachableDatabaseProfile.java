package dev.servermonitor.common.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Points the service at a closed port: nothing listens on 127.0.0.1:1. */
public class UnreachableDatabaseProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/servermonitor",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/servermonitor?connectTimeout=2",
                "servermonitor.schema.retry-interval", "1h");
    }
}
