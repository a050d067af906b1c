package dev.servermonitor.deploy;

import static dev.servermonitor.deploy.Http.get;
import static dev.servermonitor.deploy.Podman.podman;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.TestSshServer;

/**
 * The images scripts/build-images.sh builds, run with the real container runtime (podman) against
 * the real local PostgreSQL: each runs as a non-root user on a read-only root filesystem under a
 * 512 MiB limit, becomes ready, serves metrics on its management port only, and stops on SIGTERM
 * well within Kubernetes' grace period with the JVM's exit code for it (143) and no ERROR in its
 * log. Between the two, a user's first steps go through them ({@link UserFlow}) against a real
 * sshd, and every metric deploy/prometheus's rules and deploy/grafana's dashboards read must then
 * be exported.
 */
class ContainerImagesIT {

    private static List<String> tags;
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void buildImages() {
        tags = Images.built();
    }

    @AfterEach
    void removeContainers() {
        for (String c : containers) {
            podman("rm", "-f", "-t", "0", c);
        }
    }

    @Test
    void theScriptPrintsBothTagsOfEachService() {
        String version = tags.get(0).substring(tags.get(0).indexOf(':') + 1);
        assertThat(version).isNotBlank().isNotEqualTo("latest");
        List<String> expected = new ArrayList<>();
        for (String[] s : ThreeServices.SERVICES) {
            expected.add("servermonitor/" + s[0] + ":" + version);
            expected.add("servermonitor/" + s[0] + ":latest");
        }
        assertThat(tags).containsExactlyElementsOf(expected);
    }

    @Test
    void everyImageRunsTheJvmAsANonRootUserWithItsPortsAndLabels() {
        String version = tags.get(0).substring(tags.get(0).indexOf(':') + 1);
        for (String[] s : ThreeServices.SERVICES) {
            JsonObject config = new JsonArray(podman("image", "inspect", "servermonitor/" + s[0] + ":latest").ok()
                    .out()).getJsonObject(0).getJsonObject("Config");
            assertThat(config.getString("User")).as(s[0]).isEqualTo("10001:10001");
            assertThat(config.getJsonObject("ExposedPorts").fieldNames()).as(s[0])
                    .containsExactlyInAnyOrder(s[1] + "/tcp", s[2] + "/tcp");
            JsonObject labels = config.getJsonObject("Labels");
            assertThat(labels.getString("org.opencontainers.image.version")).isEqualTo(version);
            assertThat(labels.getString("org.opencontainers.image.title")).isEqualTo("servermonitor-" + s[0]);
            assertThat(labels.getString("org.opencontainers.image.revision")).isNotBlank();
            assertThat(labels.getString("org.opencontainers.image.source")).isNotBlank();
            List<Object> entrypoint = config.getJsonArray("Entrypoint").getList();
            // the JVM itself, no shell; the heap from the memory limit, never a fixed -Xmx
            assertThat(entrypoint.get(0)).isEqualTo("java");
            assertThat(entrypoint)
                    .contains("-XX:MaxRAMPercentage=75.0", "-XX:SharedArchiveFile=/deployments/app-cds.jsa")
                    .noneMatch(o -> o.toString().startsWith("-Xmx"));
        }
    }

    @Test
    void theThreeServicesRunReadOnlyUnderA512MiBLimitServeAUserAndStopOnSigterm() throws Exception {
        try (TestSshServer sshd = TestSshServer.start(UserFlow.sshPassword(), null)) {
            runTheThree(sshd);
        }
    }

    private void runTheThree(TestSshServer sshd) throws Exception {
        Map<String, int[]> ports = ThreeServices.freshInstall("deploy");
        var manifests = Manifests.render("production");
        Map<String, Long> readyMs = new LinkedHashMap<>();
        for (String[] s : ThreeServices.SERVICES) {
            int[] p = ports.get(s[0]);
            String name = "sm-it-" + s[0] + "-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--network=host", "--read-only",
                    "--tmpfs", "/tmp:rw,size=64m", "--memory", "512m", "--cap-drop=ALL",
                    "--security-opt=no-new-privileges"));
            ThreeServices.environment(s[0], p, ports.get("central-api")[0], "deploy")
                    .forEach((k, v) -> run.addAll(List.of("-e", k + "=" + v)));
            run.add("servermonitor/" + s[0] + ":latest");
            long t0 = System.nanoTime();
            podman(run.toArray(String[]::new)).ok();
            containers.add(name);
            awaitReady(name, p[0]);
            readyMs.put(s[0], (System.nanoTime() - t0) / 1_000_000);

            assertThat(podman("top", name, "huser").ok().out()).as("the process's user").contains("10001");
            // the probes deploy/k8s gives this service answer 200 on its public port
            var container = Manifests.named(manifests, "Deployment", s[0]).path("spec").path("template")
                    .path("spec").path("containers").get(0);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = container.path(probe).path("httpGet").path("path").asText();
                assertThat(get(p[0], path).statusCode()).as("%s %s %s", s[0], probe, path).isEqualTo(200);
            }
            assertThat(get(p[0], "/q/metrics").statusCode()).as("metrics on the public port").isEqualTo(404);
            HttpResponse<String> metrics = get(p[1], "/q/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }
        System.out.println("container start to /api/ready 200: " + readyMs);

        UserFlow flow = new UserFlow(ports.get("central-api")[0], ports.get("terminal-gateway")[0],
                ports.get("websocket-monitor")[0]);
        flow.run(sshd);

        ThreeServices.assertEveryMetricReadIsExported(ports, flow);

        for (String name : containers) {
            long t0 = System.nanoTime();
            podman("stop", "-t", "10", name).ok();
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(stopMs).as("%s stopped within its 8 s drain", name).isLessThan(8_000);
            assertThat(podman("inspect", "--format", "{{.State.ExitCode}}", name).ok().out().trim())
                    .as("%s exit code after SIGTERM", name).isEqualTo("143");
            String log = logs(name);
            assertThat(log).as("%s log", name).doesNotContain("\"level\":\"ERROR\"").contains("stopped in");
        }
    }

    private static void awaitReady(String name, int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/api/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(25);
        }
        throw new AssertionError(name + " was not ready within 60 s; log:\n" + logs(name));
    }

    /** A container's log: podman writes its stdout and stderr to ours, once each. */
    private static String logs(String name) {
        Podman.Result r = podman("logs", name);
        return r.out() + r.err();
    }

}
