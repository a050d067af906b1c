package dev.servermonitor.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.servermonitor.common.config.Secret;

/**
 * The real central-api, packaged by the build before the gateway and the monitor, as a child
 * process on a random port against the module's test database and with the test profile's secrets:
 * they get their SSH credentials from it exactly as in production. A module names its database and
 * the property that points it at central-api.
 */
public abstract class CentralApiResource implements QuarkusTestResourceLifecycleManager {

    public static final Path JAR = Path.of("..", "central-api", "target", "quarkus-app", "quarkus-run.jar");

    private static volatile ServiceProcess process;

    /** The module's test database, which central-api migrates and serves. */
    protected abstract String database();

    /** The config property holding central-api's URL in the module under test. */
    protected abstract String urlProperty();

    @Override
    public Map<String, String> start() {
        Map<String, String> env = new HashMap<>(testSecrets());
        env.put("TASKS_NUM_WORKERS", "0");
        env.put("AUDIT_CLEANUP_ENABLED", "false");
        ServiceProcess p = ServiceProcess.start(JAR, database(), env);
        try {
            p.awaitReady(Duration.ofSeconds(60));
        } catch (AssertionError | RuntimeException e) {
            p.close();
            throw e;
        }
        process = p;
        return Map.of(urlProperty(), "http://127.0.0.1:" + p.port());
    }

    /** The running central-api, for tests that call it. */
    public static ServiceProcess centralApi() {
        return process;
    }

    @Override
    public void stop() {
        if (process != null) {
            process.terminate();
            if (process.awaitExit(Duration.ofSeconds(10)) == null) {
                process.close();
            }
            process = null;
        }
    }

    /** The secrets every module's test profile uses (common's microprofile-config.properties). */
    public static Map<String, String> testSecrets() {
        Properties props = new Properties();
        try (InputStream in = CentralApiResource.class.getClassLoader()
                .getResourceAsStream("META-INF/microprofile-config.properties")) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> secrets = new HashMap<>();
        for (Secret s : Secret.values()) {
            secrets.put(s.name(), props.getProperty("%test." + s.name()));
        }
        return secrets;
    }
}
