package dev.servermonitor.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

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
    /** Ports handed out: none twice. */
    private static final Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();
    /** The services' database, for what no page can do (the retention's effects, which take days). */
    final DataSource db = TestDatabase.of("e2e");
    private ServiceProcess api;
    private ServiceProcess gateway;
    private ServiceProcess monitor;

    Services() {
        try {
            start();
        } catch (RuntimeException | Error e) {
            close(); // what started must not outlive a failed start (it would hold its ports)
            throw e;
        }
    }

    private void start() {
        DbRows.execute(db, "drop schema if exists public cascade");
        DbRows.execute(db, "create schema public");
        Map<String, String> secrets = ServiceProcess.validSecrets();
        String ui = "http://127.0.0.1:" + apiPort;

        Map<String, String> apiEnv = new HashMap<>(secrets);
        apiEnv.put("QUARKUS_HTTP_PORT", String.valueOf(apiPort));
        apiEnv.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(freePort()));
        apiEnv.put("UI_GATEWAY_URL", "http://127.0.0.1:" + gatewayPort);
        apiEnv.put("UI_MONITOR_URL", "http://127.0.0.1:" + monitorPort);
        api = ServiceProcess.start(jar("central-api"), DATABASE, apiEnv);
        api.awaitReady(Duration.ofSeconds(60));

        Map<String, String> gatewayEnv = new HashMap<>(secrets);
        gatewayEnv.put("QUARKUS_HTTP_PORT", String.valueOf(gatewayPort));
        gatewayEnv.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(freePort()));
        gatewayEnv.put("CENTRAL_API_URL", ui);
        gatewayEnv.put("TERMINAL_ALLOWED_ORIGINS", ui);
        gateway = ServiceProcess.start(jar("terminal-gateway"), DATABASE, gatewayEnv);

        Map<String, String> monitorEnv = new HashMap<>(secrets);
        monitorEnv.put("QUARKUS_HTTP_PORT", String.valueOf(monitorPort));
        monitorEnv.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(freePort()));
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
        for (ServiceProcess p : Arrays.asList(monitor, gateway, api)) {
            if (p != null) {
                p.close();
            }
        }
    }

    private static Path jar(String module) {
        return Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar");
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up): the services are told their ports
     * before they bind them, and a port from that range could meanwhile be taken by any socket the
     * kernel numbers itself (another service's random port, an outgoing connection).
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (!TAKEN.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException e) {
                // in use: another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }
}
