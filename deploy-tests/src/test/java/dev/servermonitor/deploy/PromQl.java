package dev.servermonitor.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads (rules and dashboards alike). */
final class PromQl {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL's own words that can appear where a metric name could. */
    private static final Set<String> WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "delta",
            "increase", "histogram_quantile", "by", "without", "and", "or", "unless", "on", "ignoring", "group_left",
            "group_right", "absent", "clamp_min", "clamp_max", "topk", "bottomk", "offset", "bool");

    private PromQl() {
    }

    static Set<String> metrics(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "\"\"") // label values
                .replaceAll("\\{[^}]*\\}", "") // label matchers
                .replaceAll("\\[[^]]*\\]", "") // ranges
                .replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", "") // grouping labels
                .replaceAll("\\$\\w+", ""); // dashboard variables
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(bare);
        while (m.find()) {
            String word = m.group();
            if (!WORDS.contains(word) && !word.matches("[0-9.e]+")) {
                names.add(word);
            }
        }
        return names;
    }
}
