package dev.servermonitor.common.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.servermonitor.common.config.Secret;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a real child process in the
 * prod profile, against the module's test database, on a random port. For what only a whole process
 * shows: exit codes, SIGTERM timing, the JSON on stdout.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final Pattern MANAGEMENT = Pattern.compile("Management interface listening on http://[^:]+:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            // HTTP/1.1 as Prometheus, probes and browsers over plain http speak it: the JDK client's default h2c upgrade
            // hung once in a native check, past its own request timeout
            .version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    private final Thread reader;
    private final List<String> output = new ArrayList<>();
    private volatile int port = -1;
    private volatile int managementPort = -1;

    private ServiceProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "service-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the module's jar; {@code env} is applied over a clean set (no secrets inherited from the
     * shell).
     */
    public static ServiceProcess start(String service, Map<String, String> env) {
        return start(Path.of("target", "quarkus-app", "quarkus-run.jar"), TestDatabase.name(service), env);
    }

    /**
     * Starts a packaged service from {@code jar} (another module's, for cross-service tests) against
     * {@code database}; {@code env} as above.
     */
    public static ServiceProcess start(Path jar, String database, Map<String, String> env) {
        return start(jar, database, env, List.of("-Xmx256m"));
    }

    /** As above with these JVM options instead of the default {@code -Xmx256m} (benchmarks). */
    public static ServiceProcess start(Path jar, String database, Map<String, String> env, List<String> jvmOptions) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException("run after 'package': " + jar.toAbsolutePath() + " is missing");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return launch(command, database, env);
    }

    /**
     * Starts a service's native executable ({@code <service>-<version>-runner}, from
     * {@code package -Dnative}) against {@code database}; {@code env} as above.
     */
    public static ServiceProcess startNative(Path executable, String database, Map<String, String> env) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("run after 'package -Dnative': " + executable.toAbsolutePath()
                    + " is missing");
        }
        return launch(List.of(executable.toString()), database, env);
    }

    private static ServiceProcess launch(List<String> command, String database, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        for (Secret s : Secret.values()) {
            e.remove(s.name());
        }
        Secret.REDACT_ONLY.forEach(e::remove);
        e.remove("ENVIRONMENT");
        e.put("DB_NAME", database);
        e.put("DB_USER", "servermonitor_test");
        e.put("DB_PASSWORD", "servermonitor_test");
        e.put("QUARKUS_HTTP_PORT", "0");
        e.put("QUARKUS_MANAGEMENT_PORT", "0");
        e.putAll(env);
        try {
            return new ServiceProcess(pb.start());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Secrets that pass validation, for starts that are meant to succeed. The vault key is the test
     * profile's: the vault's verification value in the module's database is sealed with it, and a
     * central-api started with another key is (rightly) not ready.
     */
    public static Map<String, String> validSecrets() {
        return Map.of("JWT_SECRET", "it-jwt-secret-8d7c6b5a4f3e2d1c0b9a8f7e", "ENCRYPTION_KEY",
                "it-encryption-key-5e4d3c2b1a", "KEY_VAULT_MASTER_KEY", TEST_VAULT_KEY, "INTERNAL_API_TOKEN",
                "it-internal-token-9f8e7d6c5b4a3f2e1d0c");
    }

    /** {@code %test.KEY_VAULT_MASTER_KEY} in common's microprofile-config.properties. */
    public static final String TEST_VAULT_KEY = "test-only-vault-master-key-2b4d6f8a0c1e";

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                Matcher mm = MANAGEMENT.matcher(line);
                if (mm.find()) {
                    managementPort = Integer.parseInt(mm.group(1));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The HTTP port it listens on, or -1 until it says. */
    public int port() {
        return port;
    }

    /**
     * Waits until {@code /api/ready} answers 200; fails with the process's output if it ends or time
     * runs out.
     */
    public void awaitReady(Duration within) {
        org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> get("/api/ready") == 200 || !alive());
        org.assertj.core.api.Assertions.assertThat(get("/api/ready")).as("ready; output: %s", output()).isEqualTo(200);
    }

    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /**
     * The management interface's port ({@code /q/health}, {@code /q/metrics}), or -1 until it says.
     */
    public int managementPort() {
        return managementPort;
    }

    /** The HTTP status of GET path, or -1 while nothing answers. */
    public int get(String path) {
        return status(port, path);
    }

    /** The HTTP status of GET path on the management port, or -1 while nothing answers. */
    public int managementGet(String path) {
        return status(managementPort, path);
    }

    /** GET path on the management port; the response with its body as text. */
    public HttpResponse<String> managementRequest(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(int port, String path) {
        if (port < 0) {
            return -1;
        }
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * {@code method path} with an optional bearer token and JSON body; the response with its body as
     * text.
     */
    public HttpResponse<String> request(String method, String path, String bearer, String json) {
        if (port < 0) {
            throw new IllegalStateException("the service is not listening yet");
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            req.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            req.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends SIGTERM. Through the ProcessHandle: Process.destroy() would also close our end of the
     * child's stdout, losing everything it logs while shutting down.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /**
     * Waits for the process to end; returns its exit code, or null if it is still running after the
     * wait.
     */
    public Integer awaitExit(Duration within) {
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
