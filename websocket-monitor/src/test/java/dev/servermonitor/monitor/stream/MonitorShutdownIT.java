package dev.servermonitor.monitor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.servermonitor.common.testing.ApiFixtures;
import dev.servermonitor.common.testing.CentralApiResource;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.JsonSocketClient;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;
import dev.servermonitor.monitor.support.FakeHosts;
import dev.servermonitor.monitor.support.StatsClient;

/**
 * The packaged monitor across a SIGTERM, with the packaged central-api beside it: polling stops,
 * every socket hears {@code shutdown} and closes with 1001, the samples still buffered are written,
 * and the process is gone within 8 s.
 */
class MonitorShutdownIT {

    private static final String DATABASE = TestDatabase.name("websocket_monitor");

    private final DataSource db = TestDatabase.of("websocket_monitor");

    @Test
    void sigtermClosesEverySocketWithShutdownAndWritesTheBufferedSamples() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        long admin = TestUsers.create(db, "admin");
        String token = TestTokens.sign(TestTokens.claims(admin, TestUsers.username(db, admin), "admin"),
                env.get("JWT_SECRET"));
        try (FakeHosts hosts = FakeHosts.start();
                ServiceProcess api = ServiceProcess.start(CentralApiResource.JAR, DATABASE, env)) {
            api.awaitReady(Duration.ofSeconds(60));
            long server = ApiFixtures.trustedServer(api, token, hosts.port(), FakeHosts.PASSWORD,
                    hosts.hostKeyFingerprint());
            Map<String, String> monitorEnv = new HashMap<>(env);
            monitorEnv.put("CENTRAL_API_URL", "http://127.0.0.1:" + api.port());
            monitorEnv.put("MONITOR_ALLOWED_ORIGINS", StatsClient.ORIGIN);
            monitorEnv.put("MONITOR_POLL_INTERVAL", "1s");
            // nothing is written before the shutdown: whatever is stored was flushed by it
            monitorEnv.put("MONITOR_FLUSH_INTERVAL", "1h");
            try (ServiceProcess monitor = ServiceProcess.start("websocket_monitor", monitorEnv)) {
                monitor.awaitReady(Duration.ofSeconds(60));
                URI uri = URI.create("http://127.0.0.1:" + monitor.port() + "/");
                StatsClient a = StatsClient.open(uri, token);
                StatsClient b = StatsClient.open(uri, token);
                await().atMost(Duration.ofSeconds(20)).until(() -> a.ofType("stats").stream()
                        .filter(m -> m.getLong("serverId") == server).count() >= 3);
                assertThat(samples(server)).isZero();

                long sent = System.nanoTime();
                monitor.terminate();
                for (StatsClient c : new StatsClient[]{a, b}) {
                    JsonSocketClient.Close close = c.awaitClose(Duration.ofSeconds(8));
                    assertThat(close.code()).isEqualTo(1001);
                    assertThat(close.reason()).isEqualTo("shutdown");
                    assertThat(c.ofType("closed")).singleElement()
                            .satisfies(m -> assertThat(m.getString("reason")).isEqualTo("shutdown"));
                }
                Integer exit = monitor.awaitExit(Duration.ofSeconds(8));
                assertThat(exit).as("stopped within 8 s of SIGTERM (took %d ms); output %s",
                        (System.nanoTime() - sent) / 1_000_000, monitor.output()).isNotNull();
                // a clean stop: no ERROR (once "Timed out waiting for graceful shutdown" after any socket was used)
                // and no wait for the whole 5 s shutdown timeout
                assertThat(monitor.output()).noneMatch(l -> l.contains("\"level\":\"ERROR\""));
                assertThat((System.nanoTime() - sent) / 1_000_000).as("stop took").isLessThan(4_000);
                long streamed = a.ofType("stats").stream().filter(m -> m.getLong("serverId") == server).count();
                assertThat(samples(server)).isGreaterThanOrEqualTo(streamed);
                int polls = hosts.host(user(server)).polls();
                Thread.sleep(1500);
                assertThat(hosts.host(user(server)).polls()).isEqualTo(polls);
            }
        }
    }

    private long samples(long server) {
        return ((Number) DbRows.query(db, "select count(*) as n from metric_samples where server_id = ?", server)
                .get(0).get("n")).longValue();
    }

    private String user(long server) {
        return DbRows.query(db, "select username from servers where id = ?", server).get(0).get("username")
                .toString();
    }
}
