package dev.servermonitor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * deploy/prometheus's rules as data: their alerts, records and the metrics their expressions read.
 */
final class PrometheusRules {

    static final Path RULES = Podman.ROOT.resolve("deploy/prometheus/rules/server-monitor.rules.yml");
    static final Path TESTS = Podman.ROOT.resolve("deploy/prometheus/tests/server-monitor.test.yml");
    private PrometheusRules() {
    }

    static JsonNode rules() {
        try {
            return new YAMLMapper().readTree(RULES.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> alerts() {
        Set<String> out = new TreeSet<>();
        for (JsonNode g : rules().path("groups")) {
            for (JsonNode r : g.path("rules")) {
                if (r.has("alert")) {
                    out.add(r.path("alert").asText());
                }
            }
        }
        return out;
    }

    /** The series the recording rules define. */
    static Set<String> records() {
        Set<String> records = new TreeSet<>();
        for (JsonNode g : rules().path("groups")) {
            for (JsonNode r : g.path("rules")) {
                if (r.has("record")) {
                    records.add(r.path("record").asText());
                }
            }
        }
        return records;
    }

    /** The metrics the expressions read, without the recorded series they define themselves. */
    static Set<String> metricsRead() {
        Set<String> names = new TreeSet<>();
        for (JsonNode g : rules().path("groups")) {
            for (JsonNode r : g.path("rules")) {
                names.addAll(PromQl.metrics(r.path("expr").asText()));
            }
        }
        names.removeAll(records());
        return names;
    }
}
