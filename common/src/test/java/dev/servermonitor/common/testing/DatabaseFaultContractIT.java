package dev.servermonitor.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every packaged service does when its database freezes (connections open, nothing answers) or
 * goes away (restart, crash): a request that needs it fails within a bounded time with 503,
 * {@code Retry-After} and the one error shape; liveness stays fast; the log says so in one WARN,
 * never an ERROR per request; and the service recovers on its own when the database is back. The
 * database is reached through a {@link DatabaseProxy}, so the shared test database is never
 * touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class DatabaseFaultContractIT {

    /** The bound: a request fails within 6 s, whatever the database does. */
    static final Duration BOUND = Duration.ofSeconds(6);
    static final int CONCURRENT = 40;

    private DatabaseProxy proxy;
    private ServiceProcess service;
    private final AtomicLong ghosts = new AtomicLong(987_654_321L);

    protected abstract String serviceName();

    @BeforeAll
    void start() {
        proxy = new DatabaseProxy();
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("DB_PORT", Integer.toString(proxy.port()));
        service = ServiceProcess.start(serviceName(), env);
        service.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws java.io.IOException {
        if (service != null) {
            service.close();
            // the service's own account of the faults, for whoever reads a failure
            java.nio.file.Files.write(java.nio.file.Path.of("target", serviceName() + "-database-fault.log"),
                    service.output());
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    @Order(1)
    void answersFromTheDatabaseWhileItIsUp() {
        assertThat(whoami().statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void aFrozenDatabaseFailsEveryRequestWithin6sWith503() throws Exception {
        proxy.freeze();
        try {
            List<Timed> answers = concurrently(CONCURRENT);
            assertThat(answers).allSatisfy(a -> {
                assertThat(a.millis).as("answered within %s", BOUND).isLessThanOrEqualTo(BOUND.toMillis());
                assertUnavailable(a.response);
            });
            long t0 = System.nanoTime();
            assertThat(service.get("/api/health")).isEqualTo(200);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("liveness stays fast").isLessThan(1000);
        } finally {
            proxy.resume();
        }
        recovers();
    }

    @Test
    @Order(3)
    void aDatabaseThatIsGoneIs503WithRetryAfterAndOneWarn() throws Exception {
        int linesBefore = service.output().size();
        proxy.down();
        try {
            List<Timed> answers = concurrently(10);
            assertThat(answers).allSatisfy(a -> {
                assertThat(a.millis).isLessThanOrEqualTo(BOUND.toMillis());
                assertUnavailable(a.response);
            });
        } finally {
            proxy.resume();
        }
        recovers();
        List<JsonNode> during = service.output().subList(linesBefore, service.output().size()).stream()
                .map(ServiceLog::parse).toList();
        assertThat(during).as("no ERROR while the database was away").noneMatch(l -> l.path("level").asText()
                .equals("ERROR"));
        assertThat(during).noneMatch(l -> l.toString().contains("Result is already complete"));
        assertThat(during.stream().filter(l -> l.path("level").asText().equals("WARN")
                && l.path("message").asText().contains("database is unavailable"))).as("one WARN per outage")
                .hasSize(1);
    }

    private void recovers() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> whoami().statusCode() == 401);
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("status; body %s", response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        JsonNode body = ServiceLog.parse(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(503);
        assertThat(body.path("error").asText()).isEqualTo("database_unavailable");
        assertThat(body.path("message").asText()).isNotBlank();
    }

    /**
     * As a user the service has not seen: no such user, so 401 while the database answers and 503 while
     * it cannot. A new one each time, because a user seen before is answered from what the service
     * keeps (ActiveUsers), which needs no database.
     */
    private HttpResponse<String> whoami() {
        String token = TestTokens.sign(TestTokens.claims(ghosts.incrementAndGet(), "ghost", "admin"),
                ServiceProcess.validSecrets().get("JWT_SECRET"));
        return service.request("GET", "/api/auth/whoami", token, null);
    }

    private List<Timed> concurrently(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<Timed>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = whoami();
                    return new Timed(r, (System.nanoTime() - t0) / 1_000_000);
                }, pool));
            }
            List<Timed> out = new ArrayList<>();
            for (CompletableFuture<Timed> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Timed(HttpResponse<String> response, long millis) {
    }
}
