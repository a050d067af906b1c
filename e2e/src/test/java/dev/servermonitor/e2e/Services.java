package dev.servermonitor.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;

/**
 * The three packaged services as a user's machine runs them: central-api (with the web UI),
 * terminal-gateway and websocket-monitor, on ports chosen up front so central-api can tell the UI
 * where the other two are, against a database emptied first (so the UI starts at first-run setup).
 */
final class Services implements AutoCloseable {

    static final String DATABASE = TestDatabase.name("e2e");

    final int apiPort = freePort();
    final int gatewayPort = freePort();
    final int monitorPort = freePort();
    /** The services' database, for what no page can do (the retention's effects, which take days). */
    final DataSource db = TestDatabase.of("e2e");
    private final ServiceProcess api;
    private final ServiceProcess gateway;
    private final ServiceProcess monitor;

    Services() {
        DbRows.execute(db, "drop schema if exists public cascade");
        DbRows.execute(db, "create schema public");
        Map<String, String> secrets = ServiceProcess.validSecrets();
        String ui = "http://127.0.0.1:" + apiPort;

        Map<String, String> apiEnv = new HashMap<>(secrets);
        apiEnv.put("QUARKUS_HTTP_PORT", String.valueOf(apiPort));
        apiEnv.put("UI_GATEWAY_URL", "http://127.0.0.1:" + gatewayPort);
        apiEnv.put("UI_MONITOR_URL", "http://127.0.0.1:" + monitorPort);
        api = ServiceProcess.start(jar("central-api"), DATABASE, apiEnv);
        api.awaitReady(Duration.ofSeconds(60));

        Map<String, String> gatewayEnv = new HashMap<>(secrets);
        gatewayEnv.put("QUARKUS_HTTP_PORT", String.valueOf(gatewayPort));
        gatewayEnv.put("CENTRAL_API_URL", ui);
        gatewayEnv.put("TERMINAL_ALLOWED_ORIGINS", ui);
        gateway = ServiceProcess.start(jar("terminal-gateway"), DATABASE, gatewayEnv);

        Map<String, String> monitorEnv = new HashMap<>(secrets);
        monitorEnv.put("QUARKUS_HTTP_PORT", String.valueOf(monitorPort));
        monitorEnv.put("CENTRAL_API_URL", ui);
        monitorEnv.put("MONITOR_ALLOWED_ORIGINS", ui);
        monitorEnv.put("MONITOR_POLL_INTERVAL", "1s");
        monitor = ServiceProcess.start(jar("websocket-monitor"), DATABASE, monitorEnv);
        for (ServiceProcess p : List.of(gateway, monitor)) {
            p.awaitReady(Duration.ofSeconds(60));
        }
    }

    /** central-api, for what a test sets up through its REST API rather than the pages. */
    ServiceProcess api() {
        return api;
    }

    /** The UI's address, as a user types it. */
    String ui() {
        return "http://127.0.0.1:" + apiPort + "/";
    }

    @Override
    public void close() {
        for (ServiceProcess p : List.of(monitor, gateway, api)) {
            p.close();
        }
    }

    private static Path jar(String module) {
        return Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
