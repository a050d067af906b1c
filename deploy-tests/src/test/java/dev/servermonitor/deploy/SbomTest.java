package dev.servermonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The normal build leaves a CycloneDX SBOM in each service's target/ (and one for the web UI's npm
 * packages in central-api's), listing what actually ships, and not what a service does not use.
 */
class SbomTest {

    @ParameterizedTest
    @CsvSource({"central-api/target/bom.json, io.quarkus:quarkus-core",
            "central-api/target/bom.json, org.apache.sshd:sshd-core",
            "terminal-gateway/target/bom.json, org.apache.sshd:sshd-core",
            "websocket-monitor/target/bom.json, io.vertx:vertx-pg-client",
            "central-api/target/webui-bom.json, @xterm/xterm"})
    void eachSbomIsCycloneDxAndListsWhatShips(String file, String component) {
        Set<String> names = components(file);
        assertThat(names).as(file).contains(component);
        // test-only dependencies do not ship
        assertThat(names).as(file).noneMatch(n -> n.startsWith("org.junit") || n.startsWith("org.assertj"));
    }

    /**
     * A service ships what it uses: the two that call central-api have a REST client, central-api has
     * none.
     */
    @ParameterizedTest
    @CsvSource({"central-api/target/bom.json, false", "terminal-gateway/target/bom.json, true",
            "websocket-monitor/target/bom.json, true"})
    void onlyTheServicesThatCallCentralApiShipARestClient(String file, boolean ships) {
        assertThat(components(file).contains("io.quarkus:quarkus-rest-client")).as(file).isEqualTo(ships);
    }

    private static Set<String> components(String file) {
        JsonObject bom = new JsonObject(Manifests.read(Podman.ROOT.resolve(file)));
        assertThat(bom.getString("bomFormat")).isEqualTo("CycloneDX");
        Set<String> names = new HashSet<>();
        JsonArray components = bom.getJsonArray("components");
        for (int i = 0; i < components.size(); i++) {
            JsonObject c = components.getJsonObject(i);
            names.add((c.getString("group") == null ? "" : c.getString("group") + ":") + c.getString("name"));
        }
        return names;
    }
}
