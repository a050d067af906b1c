package dev.servermonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layout docs/architecture.md describes, held against the sources: inside a module no package
 * depends on another that depends back on it (directly or round a loop), and {@code common} holds
 * only what at least two services use.
 */
class CodeLayoutTest {

    static final List<String> SERVICES = List.of("central-api", "terminal-gateway", "websocket-monitor");

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.servermonitor\\.[\\w.]+);",
            Pattern.MULTILINE);
    /**
     * What the framework finds by itself in every service that has common on its class path: beans,
     * providers, observers, configuration mappings, native-image features.
     */
    private static final Pattern DISCOVERED = Pattern.compile("^\\s*@(ApplicationScoped|Singleton|Dependent"
            + "|RequestScoped|Provider|Path|ConfigMapping|Startup|LoggingFilter|ServerExceptionMapper"
            + "|ServerRequestFilter|ServerResponseFilter|RouteFilter)\\b|@Observes|@Produces|implements Feature\\b",
            Pattern.MULTILINE);

    /** One main source file: its class's name, package and text. */
    record Source(String name, String pkg, String text) {

        String fqn() {
            return pkg + "." + name;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"common", "central-api", "terminal-gateway", "websocket-monitor"})
    void noPackageLoopInsideAModule(String module) {
        List<Source> sources = sources(module);
        Set<String> packages = new TreeSet<>();
        sources.forEach(s -> packages.add(s.pkg()));
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Source s : sources) {
            Matcher m = IMPORT.matcher(s.text());
            while (m.find()) {
                String target = packageOf(m.group(1), packages);
                if (target != null && !target.equals(s.pkg())) {
                    uses.computeIfAbsent(s.pkg(), k -> new TreeSet<>()).add(target);
                }
            }
        }
        assertThat(loops(packages, uses)).as("package loops in %s (each: packages that import each other round"
                + " a loop; %s)", module, uses).isEmpty();
    }

    @Test
    void commonHoldsOnlyWhatTwoServicesUse() {
        List<Source> common = sources("common");
        Map<String, List<String>> services = new TreeMap<>();
        for (String service : SERVICES) {
            services.put(service, sources(service).stream().map(Source::text).toList());
        }
        // which services reach each common class: by name from their own code, through a common class
        // they reach, or all of them where the framework discovers it (a bean, a provider, a feature)
        Map<String, Set<String>> reached = new LinkedHashMap<>();
        for (Source c : common) {
            Set<String> by = new TreeSet<>();
            if (DISCOVERED.matcher(c.text()).find()) {
                by.addAll(SERVICES);
            }
            services.forEach((service, texts) -> {
                if (texts.stream().anyMatch(t -> mentions(t, c.fqn()))) {
                    by.add(service);
                }
            });
            reached.put(c.fqn(), by);
        }
        Map<Source, List<Source>> usedBy = new HashMap<>();
        for (Source user : common) {
            usedBy.put(user, common.stream().filter(used -> used != user && uses(user, used)).toList());
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Source user : common) {
                Set<String> from = reached.get(user.fqn());
                for (Source used : usedBy.get(user)) {
                    changed |= reached.get(used.fqn()).addAll(from);
                }
            }
        }
        Map<String, Set<String>> oneService = new TreeMap<>();
        reached.forEach((fqn, by) -> {
            if (by.size() == 1 && !fqn.endsWith(".package-info")) {
                oneService.put(fqn, by);
            }
        });
        assertThat(oneService).as("common classes only one service uses (move them into it)").isEmpty();
    }

    /**
     * Does {@code user}'s text name {@code used}: imported, fully qualified, or from the same package.
     */
    private static boolean uses(Source user, Source used) {
        return mentions(user.text(), used.fqn())
                || user.pkg().equals(used.pkg()) && Pattern.compile("\\b" + used.name() + "\\b").matcher(
                        user.text()).find();
    }

    private static boolean mentions(String text, String fqn) {
        return Pattern.compile("\\b" + Pattern.quote(fqn) + "\\b").matcher(text).find();
    }

    /** The package of an imported name: its longest prefix that is a package of the module. */
    private static String packageOf(String imported, Set<String> packages) {
        String p = imported;
        while (p.contains(".")) {
            p = p.substring(0, p.lastIndexOf('.'));
            if (packages.contains(p)) {
                return p;
            }
        }
        return null;
    }

    /** Strongly connected groups of more than one package (Tarjan). */
    static List<Set<String>> loops(Set<String> nodes, Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] next = {0};
        for (String n : nodes) {
            if (!index.containsKey(n)) {
                connect(n, edges, index, low, stack, onStack, found, next);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> edges, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, edges, index, low, stack, onStack, found, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                found.add(group);
            }
        }
    }

    private static List<Source> sources(String module) {
        Path root = Podman.ROOT.resolve(module).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).map(p -> {
                String text = read(p);
                Matcher m = PACKAGE.matcher(text);
                String name = p.getFileName().toString().replace(".java", "");
                return new Source(name, m.find() ? m.group(1) : "", text);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
