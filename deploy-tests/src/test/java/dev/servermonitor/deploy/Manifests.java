package dev.servermonitor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * deploy/k8s as {@code kubectl kustomize} renders it (Kustomize v5, offline), and what the code
 * says the manifests must agree with: the services' ports, the variables .env.example documents.
 */
final class Manifests {

    static final List<String> SERVICES = List.of("central-api", "terminal-gateway", "websocket-monitor");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern ENV_LINE = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]+)=", Pattern.MULTILINE);

    private Manifests() {
    }

    /** Every object of {@code overlay} rendered. */
    static List<JsonNode> render(String overlay) {
        return renderDir(Podman.ROOT.resolve("deploy/k8s/overlays/" + overlay));
    }

    /** Every object of the Kustomization in {@code dir} rendered. */
    static List<JsonNode> renderDir(Path dir) {
        Podman.Result r = Podman.run(List.of("kubectl", "kustomize", dir.toString()), 60);
        if (r.exit() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + ": " + r.err());
        }
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(r.out())) {
            List<JsonNode> out = new ArrayList<>();
            docs.forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isEmpty()) {
                    out.add(d);
                }
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /**
     * {@code quarkus.http.port} and {@code quarkus.management.port} of a service, as its build sets
     * them.
     */
    static int[] ports(String service) {
        Properties p = new Properties();
        try (var in = Files
                .newInputStream(Podman.ROOT.resolve(service + "/src/main/resources/application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new int[]{Integer.parseInt(p.getProperty("quarkus.http.port")),
                Integer.parseInt(p.getProperty("quarkus.management.port"))};
    }

    /** Every variable .env.example names, set or commented out. */
    static Set<String> documentedVariables() {
        Set<String> names = new TreeSet<>();
        Matcher m = ENV_LINE.matcher(read(Podman.ROOT.resolve(".env.example")));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
