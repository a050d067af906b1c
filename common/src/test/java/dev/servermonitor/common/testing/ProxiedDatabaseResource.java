package dev.servermonitor.common.testing;

import java.util.Map;
import java.util.Objects;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs a {@code @QuarkusTest} against its module's test database through a {@link DatabaseProxy},
 * so the test can take the database away from the service (and give it back) without touching the
 * shared PostgreSQL. Flyway still migrates directly. Init arg {@code service}: the module's
 * database suffix ({@code websocket_monitor}).
 */
public class ProxiedDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static volatile DatabaseProxy proxy;
    private String service;

    @Override
    public void init(Map<String, String> initArgs) {
        service = Objects.requireNonNull(initArgs.get("service"), "init arg service");
    }

    @Override
    public Map<String, String> start() {
        proxy = new DatabaseProxy();
        return Map.of("quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + proxy.port() + "/" + TestDatabase.name(service));
    }

    /** The relay of the running test. */
    public static DatabaseProxy proxy() {
        return proxy;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
