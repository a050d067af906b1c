package dev.servermonitor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** deploy/grafana's dashboards as data: their panels' queries and the metrics those read. */
final class GrafanaDashboards {

    static final Path DIR = Podman.ROOT.resolve("deploy/grafana/dashboards");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    /** One query of a panel (or of a variable: panel "variable <name>"). */
    record Query(String dashboard, String panel, String expr) {
    }

    private GrafanaDashboards() {
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel query, in every dashboard. */
    static List<Query> queries() {
        List<Query> out = new ArrayList<>();
        for (Path f : files()) {
            JsonNode d = read(f);
            String uid = d.path("uid").asText();
            for (JsonNode p : d.path("panels")) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(uid, p.path("title").asText(), t.path("expr").asText()));
                }
            }
        }
        return out;
    }

    /** The metrics the panels and the variables read, without the series Prometheus' rules record. */
    static Set<String> metricsRead() {
        Set<String> names = new TreeSet<>();
        queries().forEach(q -> names.addAll(PromQl.metrics(q.expr())));
        for (Path f : files()) {
            for (JsonNode v : read(f).path("templating").path("list")) {
                Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        names.removeAll(PrometheusRules.records());
        return names;
    }

    /** {@code expr} as Prometheus gets it from Grafana, with the dashboard's variables filled in. */
    static String expanded(String expr) {
        return expr.replace("$__rate_interval", "5m").replaceAll("\\$\\{?\\w+\\}?", ".*");
    }
}
