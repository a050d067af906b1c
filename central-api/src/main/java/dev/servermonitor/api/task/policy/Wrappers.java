package dev.servermonitor.api.task.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Programs that run another program given in their arguments ({@code sudo rm ...},
 * {@code nohup rm ...}, {@code timeout 5 rm ...}): the policy looks past them to what they run.
 */
final class Wrappers {

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

    /**
     * Options that take the next word as their value, and how many operands come before the command.
     */
    private record Spec(Set<String> valued, int operands) {
    }

    private static final Spec NONE = new Spec(Set.of(), 0);

    private static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry("sudo",
                    new Spec(Set.of("-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "--user", "--group",
                            "--host", "--prompt", "--close-from", "--chdir", "--role", "--type", "--other-user",
                            "--command-timeout"), 0)),
            Map.entry("doas", new Spec(Set.of("-u", "-C"), 0)),
            Map.entry("env", new Spec(Set.of("-u", "-C", "--unset", "--chdir"), 0)), Map.entry("nohup", NONE),
            Map.entry("builtin", NONE), Map.entry("busybox", NONE), Map.entry("unbuffer", NONE),
            Map.entry("command", NONE), Map.entry("exec", new Spec(Set.of("-a"), 0)),
            Map.entry("nice", new Spec(Set.of("-n", "--adjustment"), 0)),
            Map.entry("ionice", new Spec(Set.of("-c", "-n", "--class", "--classdata"), 0)),
            Map.entry("stdbuf", new Spec(Set.of("-i", "-o", "-e", "--input", "--output", "--error"), 0)),
            Map.entry("timeout", new Spec(Set.of("-s", "-k", "--signal", "--kill-after"), 1)),
            Map.entry("time", new Spec(Set.of("-f", "-o", "--format", "--output"), 0)), Map.entry("setsid", NONE),
            Map.entry("chroot", new Spec(Set.of("--userspec", "--groups"), 1)),
            Map.entry("xargs",
                    new Spec(Set.of("-I", "-n", "-L", "-P", "-d", "-E", "-s", "-a", "--max-args", "--max-lines",
                            "--max-procs", "--delimiter", "--eof", "--max-chars", "--arg-file", "--replace"), 0)),
            Map.entry("watch", new Spec(Set.of("-n", "--interval", "--differences-time"), 0)),
            Map.entry("flock", new Spec(Set.of("-w", "-E", "--timeout", "--conflict-exit-code"), 1)),
            Map.entry("strace", new Spec(Set.of("-e", "-o", "-s", "-u", "-E", "-P", "-I", "-b"), 0)),
            Map.entry("ltrace", new Spec(Set.of("-e", "-o", "-s", "-u", "-n"), 0)),
            Map.entry("taskset", new Spec(Set.of(), 1)), Map.entry("chrt", new Spec(Set.of(), 1)));

    private Wrappers() {
    }

    /**
     * The index of the wrapped program in {@code words}, or -1 when {@code name} wraps nothing here. A
     * command given as a single string ({@code env -S}, {@code flock -c}) goes to {@code script}.
     */
    static int skip(String name, List<String> words, int from, Consumer<String> script) {
        Spec spec = SPECS.get(name);
        if (spec == null) {
            return -1;
        }
        if (name.equals("flock")) {
            for (int k = from; k + 1 < words.size(); k++) {
                if (words.get(k).equals("-c") || words.get(k).equals("--command")) {
                    script.accept(words.get(k + 1));
                    return words.size();
                }
            }
        }
        int j = from;
        while (j < words.size()) {
            String w = words.get(j);
            if (w.equals("--")) {
                j++;
                break;
            }
            if (lookupOnly(name, w)) {
                return -1;
            }
            if (name.equals("env") && (w.equals("-S") || w.equals("--split-string"))) {
                if (j + 1 < words.size()) {
                    script.accept(String.join(" ", words.subList(j + 1, words.size())));
                }
                return words.size();
            }
            if (w.startsWith("-") && w.length() > 1) {
                j += spec.valued().contains(w) ? 2 : 1;
            } else if (name.equals("env") && ASSIGNMENT.matcher(w).matches()) {
                j++;
            } else {
                break;
            }
        }
        return j + spec.operands();
    }

    /** {@code command -v x}, {@code ionice -p 1} and the like name a program without running it. */
    private static boolean lookupOnly(String name, String option) {
        return (name.equals("command") && (option.equals("-v") || option.equals("-V")))
                || ((name.equals("ionice") || name.equals("taskset")) && option.equals("-p"));
    }
}
