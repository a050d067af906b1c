package dev.servermonitor.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.servermonitor.common.testing.ApiFixtures;
import dev.servermonitor.common.testing.CentralApiResource;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;
import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;
import dev.servermonitor.gateway.terminal.TerminalClient.TokenIn;

/**
 * The packaged gateway across a SIGTERM, with the packaged central-api beside it: every open
 * terminal hears {@code shutdown} and closes with 1001, its row becomes {@code interrupted}, and
 * the process is gone within 8 s. At start, rows a vanished gateway left active are marked
 * interrupted.
 */
class TerminalShutdownIT {

    private static final String DATABASE = TestDatabase.name("terminal_gateway");

    private final DataSource db = TestDatabase.of("terminal_gateway");

    @Test
    void sigtermClosesEveryTerminalWithShutdownAndMarksItsRowsInterrupted() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        long admin = TestUsers.create(db, "admin");
        String token = TestTokens.sign(TestTokens.claims(admin, TestUsers.username(db, admin), "admin"),
                env.get("JWT_SECRET"));
        UUID orphan = orphanRow();
        try (TestSshServer sshd = TestSshServer.start(TerminalFixtures.SSH_PASSWORD, null);
                ServiceProcess api = ServiceProcess.start(CentralApiResource.JAR, DATABASE, env)) {
            api.awaitReady(Duration.ofSeconds(60));
            long server = ApiFixtures.trustedServer(api, token, sshd.port(), TerminalFixtures.SSH_PASSWORD,
                    sshd.hostKeyFingerprint());
            Map<String, String> gatewayEnv = new HashMap<>(env);
            gatewayEnv.put("CENTRAL_API_URL", "http://127.0.0.1:" + api.port());
            gatewayEnv.put("TERMINAL_ALLOWED_ORIGINS", TerminalClient.ORIGIN);
            try (ServiceProcess gateway = ServiceProcess.start("terminal_gateway", gatewayEnv)) {
                gateway.awaitReady(Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(10)).until(() -> "interrupted".equals(status(orphan)));
                URI uri = URI.create("http://127.0.0.1:" + gateway.port() + "/");
                TerminalClient first = TerminalClient.to(uri, server).token(token, TokenIn.SUBPROTOCOL).connect();
                TerminalClient second = TerminalClient.to(uri, server).token(token, TokenIn.HEADER).origin(null)
                        .connect();
                UUID a = UUID.fromString(first.awaitConnected());
                UUID b = UUID.fromString(second.awaitConnected());
                first.type("echo before-shutdown\n");
                first.awaitOutput("before-shutdown", Duration.ofSeconds(10));

                long sent = System.nanoTime();
                gateway.terminate();
                for (TerminalClient t : new TerminalClient[]{first, second}) {
                    assertThat(t.awaitMessage("closed", Duration.ofSeconds(8)).getString("reason"))
                            .isEqualTo("shutdown");
                    assertThat(t.awaitClose(Duration.ofSeconds(8)).code()).isEqualTo(1001);
                }
                Integer exit = gateway.awaitExit(Duration.ofSeconds(8));
                assertThat(exit).as("stopped within 8 s of SIGTERM (took %d ms); output %s",
                        (System.nanoTime() - sent) / 1_000_000, gateway.output()).isNotNull();
                // a clean stop: no ERROR (once "Timed out waiting for graceful shutdown" after any socket was used)
                // and no wait for the whole 5 s shutdown timeout
                assertThat(gateway.output()).noneMatch(l -> l.contains("\"level\":\"ERROR\""));
                assertThat((System.nanoTime() - sent) / 1_000_000).as("stop took").isLessThan(4_000);
                assertThat(status(a)).isEqualTo("interrupted");
                assertThat(status(b)).isEqualTo("interrupted");
                assertThat(DbRows.audit(db, "terminal.close", a)).singleElement()
                        .satisfies(r -> assertThat(r.get("meta").toString()).contains("shutdown"));
            }
        }
    }

    private UUID orphanRow() {
        UUID id = UUID.randomUUID();
        DbRows.execute(db, "insert into terminal_sessions (id, user_id, username, server_id, server_name, cols, rows,"
                + " owner_instance, recording) values (?, 1, 'ghost', 1, 'ghost', 80, 24, 'gateway-that-crashed', false)",
                id);
        return id;
    }

    private String status(UUID id) {
        return DbRows.query(db, "select status from terminal_sessions where id = ?", id).get(0).get("status")
                .toString();
    }
}
