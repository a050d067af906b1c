package dev.servermonitor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * deploy/prometheus's rules as data: their alerts, records and the metrics their expressions read.
 */
final class PrometheusRules {

    static final Path RULES = Podman.ROOT.resolve("deploy/prometheus/rules/server-monitor.rules.yml");
    static final Path TESTS = Podman.ROOT.resolve("deploy/prometheus/tests/server-monitor.test.yml");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL's own words that can appear where a metric name could. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "delta",
            "increase", "histogram_quantile", "by", "without", "and", "or", "unless", "on", "ignoring", "group_left",
            "group_right", "absent", "clamp_min", "clamp_max", "topk", "bottomk", "offset", "bool");

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

    /** The metrics the expressions read, without the recorded series they define themselves. */
    static Set<String> metricsRead() {
        Set<String> records = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (JsonNode g : rules().path("groups")) {
            for (JsonNode r : g.path("rules")) {
                if (r.has("record")) {
                    records.add(r.path("record").asText());
                }
                String expr = r.path("expr").asText()
                        .replaceAll("\"[^\"]*\"", "\"\"") // label values
                        .replaceAll("\\{[^}]*\\}", "") // label matchers
                        .replaceAll("\\[[^]]*\\]", "") // ranges
                        .replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", ""); // grouping labels
                Matcher m = NAME.matcher(expr);
                while (m.find()) {
                    String word = m.group();
                    if (!PROMQL.contains(word) && !word.matches("[0-9.e]+")) {
                        names.add(word);
                    }
                }
            }
        }
        names.removeAll(records);
        return names;
    }
}
