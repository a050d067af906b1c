package dev.servermonitor.deploy;

import static dev.servermonitor.deploy.Http.get;
import static dev.servermonitor.deploy.Podman.podman;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;

/**
 * The {@code local} overlay's Deployments run by {@code podman kube play} (podman 4.3): each
 * service's container as the manifest declares it (image, command, the environment from its
 * ConfigMaps, security context) becomes ready against the real PostgreSQL. What kube play here
 * cannot do is changed in the rendered YAML, and only that: the overlay's PostgreSQL is left out
 * (its image cannot be pulled: no registry) for the local one; host networking with the Service
 * names as host aliases replaces the cluster network (no CNI bridge; kube play has no Services), so
 * the declared container ports go (kube play refuses port mappings with host networking) and each
 * Deployment runs one replica (two would collide on the port); the Secret's values are set inline
 * (podman 4.3 cannot read a Kubernetes Secret back: "is not valid JSON: illegal base64 data").
 */
class KubePlayIT {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> NAMES = List.of("central-api", "terminal-gateway", "websocket-monitor",
            "postgres");

    private Path played;

    @BeforeAll
    static void images() {
        Images.built();
    }

    @AfterEach
    void down() {
        if (played != null) {
            podman("kube", "down", played.toString());
        }
    }

    @Test
    void theLocalOverlaysDeploymentsBecomeReadyUnderPodmanKubePlay(@TempDir Path tmp) throws Exception {
        for (int port : new int[]{9083, 9084, 9085, 9000, 9001, 9002}) {
            assertThat(free(port)).as("port %d, which the manifests use, must be free on this machine", port)
                    .isTrue();
        }
        DataSource db = TestDatabase.of("deploy");
        DbRows.execute(db, "drop schema if exists public cascade");
        DbRows.execute(db, "create schema public");

        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode o : Manifests.render("local")) {
            String kind = o.path("kind").asText();
            String name = o.path("metadata").path("name").asText();
            if (kind.equals("ConfigMap")) {
                objects.add(localDatabase((ObjectNode) o));
            } else if (kind.equals("Deployment") && !name.equals("postgres")) {
                objects.add(forHostNetwork((ObjectNode) o));
            }
        }
        played = tmp.resolve("local-overlay.yaml");
        StringBuilder yaml = new StringBuilder();
        for (JsonNode o : objects) {
            yaml.append(YAML.writeValueAsString(o));
        }
        Files.writeString(played, yaml);
        podman("kube", "play", played.toString()).ok();

        for (int port : new int[]{9083, 9084, 9085}) {
            awaitReady(port);
        }
        for (String service : List.of("central-api", "terminal-gateway", "websocket-monitor")) {
            String container = service + "-pod-0-" + service;
            JsonNode c = YAML.readTree(podman("inspect", container).ok().out()).get(0);
            // the manifest's securityContext, applied
            assertThat(c.path("Config").path("User").asText()).as(service).isEqualTo("10001:10001");
            assertThat(c.path("HostConfig").path("ReadonlyRootfs").asBoolean()).as(service).isTrue();
            assertThat(c.path("HostConfig").path("SecurityOpt").toString()).contains("no-new-privileges");
            assertThat(c.path("Config").path("Env").toString()).as("%s has the ConfigMaps' environment", service)
                    .contains("ENVIRONMENT=production");
        }
        // what the browser is told comes from the overlay's ConfigMap patch (UI_GATEWAY_URL, UI_MONITOR_URL)
        io.vertx.core.json.JsonObject ui = new io.vertx.core.json.JsonObject(get(9083, "/api/config").body());
        assertThat(ui.getString("gatewayUrl")).isEqualTo("http://servermonitor.localtest.me");
        assertThat(ui.getString("monitorUrl")).isEqualTo("http://servermonitor.localtest.me");
        // the metrics stay on the management port: the public one does not serve them
        assertThat(get(9083, "/q/metrics").statusCode()).isEqualTo(404);
        assertThat(get(9000, "/q/metrics").statusCode()).isEqualTo(200);
    }

    /** The overlay's database settings, pointed at this machine's PostgreSQL and the test database. */
    private static JsonNode localDatabase(ObjectNode configMap) {
        ObjectNode data = (ObjectNode) configMap.path("data");
        if (data.has("DB_HOST")) {
            data.put("DB_HOST", "127.0.0.1");
            data.put("DB_NAME", TestDatabase.name("deploy"));
            data.put("DB_USER", "servermonitor_test");
        }
        return configMap;
    }

    private static JsonNode forHostNetwork(ObjectNode deployment) {
        ((ObjectNode) deployment.path("spec")).put("replicas", 1);
        ObjectNode pod = (ObjectNode) deployment.path("spec").path("template").path("spec");
        pod.put("hostNetwork", true);
        ArrayNode aliases = pod.putArray("hostAliases");
        ObjectNode alias = aliases.addObject().put("ip", "127.0.0.1");
        NAMES.forEach(alias.putArray("hostnames")::add);
        Map<String, String> secrets = new java.util.HashMap<>(ServiceProcess.validSecrets());
        secrets.put("DB_PASSWORD", "servermonitor_test");
        for (JsonNode c : pod.path("containers")) {
            ((ObjectNode) c).remove("ports");
            for (JsonNode e : c.path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    ((ObjectNode) e).remove("valueFrom");
                    ((ObjectNode) e).put("value", secrets.get(ref.path("key").asText()));
                }
            }
        }
        return deployment;
    }

    private static void awaitReady(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = get(port, "/api/ready").statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("port " + port + " was not ready within 90 s (last status " + last + "); pods:\n"
                + podman("pod", "ps").out() + podman("ps", "-a").out());
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
