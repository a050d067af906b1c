package dev.servermonitor.deploy;

import static dev.servermonitor.deploy.Manifests.named;
import static dev.servermonitor.deploy.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/k8s rendered with {@code kubectl kustomize} must match the code, not a description of it:
 * ports, probes, variables and Secret keys that exist, the security settings the deploy issue asks
 * for, and an Ingress that never routes /internal or /q to a service. (No cluster runs here: what a
 * live API server would still refuse is not checked; deploy/README.md says so.)
 */
class KubernetesManifestsTest {

    /**
     * The paths the services answer for the kubelet (common's HealthResource), checked live in
     * ContainerImagesIT.
     */
    static final Set<String> PROBE_PATHS = Set.of("/api/health", "/api/ready");

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void everyContainerPortAndServicePortIsTheOneTheServiceListensOn(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        for (String service : Manifests.SERVICES) {
            int[] ports = Manifests.ports(service);
            JsonNode container = container(named(objects, "Deployment", service));
            assertThat(portNumber(container.path("ports"), "http")).as(service).isEqualTo(ports[0]);
            assertThat(portNumber(container.path("ports"), "management")).as(service).isEqualTo(ports[1]);
            JsonNode svc = named(objects, "Service", service);
            assertThat(servicePort(svc, "http")).isEqualTo(ports[0]);
            assertThat(servicePort(svc, "management")).isEqualTo(ports[1]);
            JsonNode annotations = named(objects, "Deployment", service).path("spec").path("template").path("metadata")
                    .path("annotations");
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(Integer.toString(ports[1]));
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void probesUseTheHealthRoutesOnThePublicPort(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        for (String service : Manifests.SERVICES) {
            JsonNode c = container(named(objects, "Deployment", service));
            assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/api/health");
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/api/ready");
            assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isIn(PROBE_PATHS);
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertThat(c.path(probe).path("httpGet").path("port").asText()).as(service + " " + probe)
                        .isEqualTo("http");
            }
            // readiness checks are bounded at 3 s inside the service: the probe must wait longer
            assertThat(c.path("readinessProbe").path("timeoutSeconds").asInt()).isGreaterThan(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void everyVariableAndConfigKeyIsOneTheServicesDocumentAndEverySecretKeyIsTemplated(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        Set<String> documented = Manifests.documentedVariables();
        Set<String> secretKeys = new TreeSet<>();
        Manifests.read(Podman.ROOT.resolve("deploy/k8s/secret.example.yaml")).lines()
                .filter(l -> l.matches("^  [A-Z][A-Z0-9_]+: .*")).forEach(l -> secretKeys.add(l.trim().split(":")[0]));
        assertThat(secretKeys).isNotEmpty().allSatisfy(k -> assertThat(documented).contains(k));
        String readme = Manifests.read(Podman.ROOT.resolve("deploy/README.md"));
        for (String service : Manifests.SERVICES) {
            JsonNode c = container(named(objects, "Deployment", service));
            for (JsonNode e : c.path("env")) {
                assertThat(documented).as(service + " env").contains(e.path("name").asText());
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    assertThat(ref.path("name").asText()).isEqualTo("servermonitor-secrets");
                    assertThat(secretKeys).as("keys of deploy/k8s/secret.example.yaml")
                            .contains(ref.path("key").asText());
                    assertThat(readme).as("deploy/README.md documents the Secret key")
                            .contains(ref.path("key").asText());
                }
            }
            for (JsonNode from : c.path("envFrom")) {
                JsonNode map = named(objects, "ConfigMap", from.path("configMapRef").path("name").asText());
                map.path("data").fieldNames().forEachRemaining(
                        k -> assertThat(documented).as(service + " ConfigMap " + map.path("metadata").path("name"))
                                .contains(k));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void podsRunLockedDownWithinTheirLimitsAndOutliveTheirOwnDrain(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        Map<String, Integer> replicas = Map.of("central-api", 2, "terminal-gateway", 2, "websocket-monitor", 1);
        for (String service : Manifests.SERVICES) {
            JsonNode d = named(objects, "Deployment", service);
            JsonNode pod = d.path("spec").path("template").path("spec");
            JsonNode c = container(d);
            assertThat(d.path("spec").path("replicas").asInt()).as(service).isEqualTo(replicas.get(service));
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText())
                    .isEqualTo("RuntimeDefault");
            assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(c.path("securityContext").path("capabilities").path("drop").toString()).contains("ALL");
            assertThat(c.path("volumeMounts").toString()).contains("/tmp");
            // the services drain within 8 s of SIGTERM
            assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(8);
            assertThat(c.path("resources").path("limits").path("memory").asText()).isNotEmpty();
            assertThat(c.path("resources").path("requests").path("cpu").asText()).isNotEmpty();
            JsonNode pdb = named(objects, "PodDisruptionBudget", service);
            assertThat(pdb.path("spec").path("selector").path("matchLabels"))
                    .isEqualTo(d.path("spec").path("selector").path("matchLabels"));
        }
        assertThat(ofKind(objects, "NetworkPolicy")).extracting(n -> n.path("metadata").path("name").asText())
                .containsAll(Manifests.SERVICES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void theIngressRoutesTheUiTheSocketsAndTheMonitorsPathsAndNeverInternalOrQ(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode ingress = ofKind(objects, "Ingress").get(0);
        List<String[]> routes = new ArrayList<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            for (JsonNode p : rule.path("http").path("paths")) {
                String backend = p.path("backend").path("service").path("name").asText();
                routes.add(new String[]{p.path("path").asText(), backend});
                // every backend is a Service of this rendering, on a port it has
                JsonNode svc = named(objects, "Service", backend);
                JsonNode port = p.path("backend").path("service").path("port");
                boolean found = false;
                for (JsonNode sp : svc.path("spec").path("ports")) {
                    found |= port.has("name")
                            ? sp.path("name").asText().equals(port.path("name").asText())
                            : sp.path("port").asInt() == port.path("number").asInt();
                }
                assertThat(found).as("%s has the port %s", backend, port).isTrue();
            }
        }
        assertThat(routes).anySatisfy(r -> assertThat(r).containsExactly("/", "central-api"));
        assertThat(routes).anySatisfy(r -> assertThat(r).containsExactly("/ws/terminal/", "terminal-gateway"));
        assertThat(routes).anySatisfy(r -> assertThat(r).containsExactly("/ws/monitor", "websocket-monitor"));
        assertThat(routes).anySatisfy(r -> assertThat(r).containsExactly("/api/alerts", "websocket-monitor"));
        assertThat(routes).anySatisfy(r -> assertThat(r[0]).contains("stats"));
        for (String[] r : routes) {
            if (r[0].startsWith("/internal") || r[0].startsWith("/q")) {
                JsonNode svc = named(objects, "Service", r[1]);
                String selector = svc.path("spec").path("selector").toString();
                assertThat(ofKind(objects, "Deployment")).as("%s goes to a Service no pod backs", r[0])
                        .noneMatch(d -> d.path("spec").path("template").path("metadata").path("labels").toString()
                                .contains(svc.path("spec").path("selector").path("app.kubernetes.io/name").asText()));
                assertThat(selector).contains("servermonitor-not-routed");
            }
        }
        assertThat(routes).extracting(r -> r[0]).contains("/internal/", "/q/");
    }

    /**
     * What the web UI asks for reaches the service that answers it, matched as ingress-nginx matches
     * with {@code use-regex}: each path a regular expression from the start, the longest path first.
     */
    @Test
    void everyRouteTheUiCallsReachesTheServiceThatAnswersIt() {
        JsonNode ingress = ofKind(Manifests.render("production"), "Ingress").get(0);
        List<String[]> routes = new ArrayList<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            for (JsonNode p : rule.path("http").path("paths")) {
                routes.add(
                        new String[]{p.path("path").asText(), p.path("backend").path("service").path("name").asText()});
            }
        }
        routes.sort((a, b) -> b[0].length() - a[0].length());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/api/alerts?status=open&limit=500", "websocket-monitor");
        expected.put("/api/alerts/5/ack", "websocket-monitor");
        expected.put("/api/servers/7/stats/history?from=x", "websocket-monitor");
        expected.put("/api/servers/7/stats/breakdown?from=x", "websocket-monitor");
        expected.put("/api/servers/7/stats/export?format=csv", "websocket-monitor");
        expected.put("/api/servers/7/processes?sort=cpu&limit=15", "websocket-monitor");
        expected.put("/api/stats/recent?serverIds=1,2&minutes=10", "websocket-monitor");
        expected.put("/ws/monitor", "websocket-monitor");
        expected.put("/ws/terminal/7", "terminal-gateway");
        expected.put("/api/servers", "central-api");
        expected.put("/api/servers/7", "central-api");
        expected.put("/api/servers/7/tasks", "central-api");
        expected.put("/api/servers/7/host-key", "central-api");
        expected.put("/api/terminal/sessions?serverId=7", "central-api");
        expected.put("/servers/7", "central-api");
        expected.forEach((path, service) -> {
            String backend = routes.stream().filter(r -> Pattern.compile("^" + r[0]).matcher(path).find())
                    .map(r -> r[1]).findFirst().orElse("none");
            assertThat(backend).as(path).isEqualTo(service);
        });
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static int portNumber(JsonNode ports, String name) {
        for (JsonNode p : ports) {
            if (name.equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port " + name);
    }

    private static int servicePort(JsonNode svc, String name) {
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("port").asInt();
            }
        }
        throw new AssertionError("no service port " + name);
    }
}
