package dev.servermonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * deploy/grafana as Grafana and Prometheus will take it: every query is PromQL that the real
 * promtool parses, every panel reads the dashboard's datasource variable and fits the grid, the
 * dashboards named in the Kustomize ConfigMap are exactly the files, and the file provider points
 * where deploy/README.md says to mount them. Whether the metrics exist is ContainerImagesIT's.
 */
class GrafanaDashboardsTest {

    private static final Set<String> DASHBOARDS = Set.of("server-monitor-api", "server-monitor-database",
            "server-monitor-activity", "server-monitor-fleet", "server-monitor-gateway", "server-monitor-monitor");

    @Test
    void theSixDashboardsHaveUniqueIdsTitlesAndTheProjectTag() {
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Path f : GrafanaDashboards.files()) {
            JsonNode d = GrafanaDashboards.read(f);
            assertThat(uids.add(d.path("uid").asText())).as("uid of %s", f).isTrue();
            assertThat(titles.add(d.path("title").asText())).as("title of %s", f).isTrue();
            assertThat(f.getFileName().toString()).isEqualTo(d.path("uid").asText() + ".json");
            assertThat(d.path("tags").toString()).contains("server-monitor");
            assertThat(d.path("panels")).as("panels of %s", f).isNotEmpty();
        }
        assertThat(uids).containsExactlyInAnyOrderElementsOf(DASHBOARDS);
    }

    @Test
    void everyPanelReadsTheDatasourceVariableAndFitsTheGrid() {
        for (Path f : GrafanaDashboards.files()) {
            JsonNode d = GrafanaDashboards.read(f);
            assertThat(d.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
            Set<Integer> ids = new HashSet<>();
            List<int[]> cells = new ArrayList<>();
            for (JsonNode p : d.path("panels")) {
                String what = f.getFileName() + " / " + p.path("title").asText();
                assertThat(ids.add(p.path("id").asInt())).as("id of %s", what).isTrue();
                assertThat(p.path("datasource").path("uid").asText()).as(what).isEqualTo("${datasource}");
                assertThat(p.path("targets")).as(what).isNotEmpty();
                JsonNode g = p.path("gridPos");
                int x = g.path("x").asInt();
                int y = g.path("y").asInt();
                int w = g.path("w").asInt();
                int h = g.path("h").asInt();
                assertThat(x + w).as("%s within 24 columns", what).isLessThanOrEqualTo(24);
                for (int[] c : cells) {
                    boolean overlaps = x < c[0] + c[2] && c[0] < x + w && y < c[1] + c[3] && c[1] < y + h;
                    assertThat(overlaps).as("%s overlaps another panel", what).isFalse();
                }
                cells.add(new int[]{x, y, w, h});
            }
        }
    }

    @Test
    void everyQueryIsPromQlThatPromtoolParses(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        // each query becomes a recording rule: promtool check rules parses every expression in full
        ObjectNode file = JsonNodeFactory.instance.objectNode();
        var rules = file.putArray("groups").addObject().put("name", "dashboards").putArray("rules");
        int n = 0;
        for (GrafanaDashboards.Query q : GrafanaDashboards.queries()) {
            rules.addObject().put("record", "dashboard_query_" + n++).put("expr", GrafanaDashboards.expanded(q.expr()));
        }
        Path rulesFile = tmp.resolve("dashboards.rules.yml");
        Files.writeString(rulesFile, new YAMLMapper().writeValueAsString(file));
        Podman.Result r = Podman.run(List.of("promtool", "check", "rules", rulesFile.toString()), 60);
        assertThat(r.exit()).as("promtool check rules: %s %s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains(n + " rules found");
        assertThat(n).isGreaterThan(40);
    }

    @Test
    void theConfigMapCarriesEveryDashboardAndTheProviderPointsAtTheMountPath() throws IOException {
        var rendered = Manifests.renderDir(Podman.ROOT.resolve("deploy/grafana"));
        JsonNode cm = Manifests.named(rendered, "ConfigMap", "server-monitor-dashboards");
        assertThat(cm.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        Set<String> keys = new HashSet<>();
        cm.path("data").fieldNames().forEachRemaining(keys::add);
        Set<String> files = new HashSet<>();
        GrafanaDashboards.files().forEach(f -> files.add(f.getFileName().toString()));
        assertThat(keys).isEqualTo(files);

        JsonNode provider = new YAMLMapper()
                .readTree(Podman.ROOT.resolve("deploy/grafana/provisioning/dashboards/server-monitor.yml").toFile())
                .path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(Files.readString(Podman.ROOT.resolve("deploy/README.md")))
                .contains(provider.path("options").path("path").asText());
    }
}
