package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Programs that run another program given in their arguments ({@code sudo rm ...},
 * {@code nohup rm ...}, {@code timeout 5 rm ...}): the policy looks past them to what they run, and
 * keeps what the wrapper itself adds (its options, a file it writes, variables it sets, a directory
 * it changes to, a command it runs through a shell), so that a wrapper cannot hide a capability.
 */
final class Wrappers {

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

    /**
     * How a wrapper reads its arguments: options that take a value, how many operands come before the
     * command, and which options name a file it writes, a directory it changes to, or a command string
     * it runs through a shell.
     */
    private record Spec(Set<String> valued, int operands, Set<String> outputs, Set<String> chdirs,
            Set<String> scripts) {

        Spec(Set<String> valued, int operands) {
            this(valued, operands, Set.of(), Set.of(), Set.of());
        }
    }

    /**
     * What a wrapper adds to the command it runs. {@code next} is the index of the wrapped program in
     * the words ({@code words.size()} when there is none).
     */
    record Wrapped(int next, List<String> options, List<String> assignments, List<String> outputs,
            List<String> scripts, String chdir) {
    }

    private static final Spec NONE = new Spec(Set.of(), 0);

    private static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry("sudo",
                    new Spec(Set.of("-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "--user", "--group",
                            "--host", "--prompt", "--close-from", "--chdir", "--role", "--type", "--other-user",
                            "--command-timeout"), 0, Set.of(), Set.of("-D", "--chdir"), Set.of())),
            Map.entry("doas", new Spec(Set.of("-u", "-C"), 0)),
            Map.entry("pkexec", new Spec(Set.of("--user"), 0)),
            Map.entry("env",
                    new Spec(Set.of("-u", "-C", "-S", "--unset", "--chdir", "--split-string"), 0, Set.of(),
                            Set.of("-C", "--chdir"), Set.of("-S", "--split-string"))),
            Map.entry("nohup", NONE), Map.entry("builtin", NONE), Map.entry("busybox", NONE),
            Map.entry("unbuffer", NONE), Map.entry("command", NONE), Map.entry("exec", new Spec(Set.of("-a"), 0)),
            Map.entry("nice", new Spec(Set.of("-n", "--adjustment"), 0)),
            Map.entry("ionice", new Spec(Set.of("-c", "-n", "--class", "--classdata"), 0)),
            Map.entry("stdbuf", new Spec(Set.of("-i", "-o", "-e", "--input", "--output", "--error"), 0)),
            Map.entry("timeout", new Spec(Set.of("-s", "-k", "--signal", "--kill-after"), 1)),
            Map.entry("time",
                    new Spec(Set.of("-f", "-o", "--format", "--output"), 0, Set.of("-o", "--output"), Set.of(),
                            Set.of())),
            Map.entry("setsid", NONE), Map.entry("chroot", new Spec(Set.of("--userspec", "--groups"), 1)),
            Map.entry("xargs",
                    new Spec(Set.of("-I", "-n", "-L", "-P", "-d", "-E", "-s", "-a", "--max-args", "--max-lines",
                            "--max-procs", "--delimiter", "--eof", "--max-chars", "--arg-file", "--replace"), 0)),
            Map.entry("watch", new Spec(Set.of("-n", "--interval", "--differences-time", "-q", "--equexit"), 0)),
            Map.entry("flock",
                    new Spec(Set.of("-w", "-E", "-c", "--timeout", "--conflict-exit-code", "--command"), 1, Set.of(),
                            Set.of(), Set.of("-c", "--command"))),
            Map.entry("strace",
                    new Spec(Set.of("-e", "-o", "-s", "-u", "-E", "-P", "-I", "-b", "-p", "-a", "-X", "--output"), 0,
                            Set.of("-o", "--output"), Set.of(), Set.of())),
            Map.entry("ltrace",
                    new Spec(Set.of("-e", "-o", "-s", "-u", "-n", "-a", "-p", "-A", "-D", "-F", "--output"), 0,
                            Set.of("-o", "--output"), Set.of(), Set.of())),
            Map.entry("systemd-run",
                    new Spec(Set.of("-u", "-p", "-E", "-H", "-M", "--unit", "--property", "--setenv", "--host",
                            "--machine", "--description", "--slice", "--uid", "--gid", "--nice", "--working-directory",
                            "--on-active", "--on-calendar", "--timer-property", "--path-property",
                            "--socket-property"), 0, Set.of(), Set.of("--working-directory"), Set.of())),
            Map.entry("taskset", new Spec(Set.of(), 1)), Map.entry("chrt", new Spec(Set.of(), 1)));

    private Wrappers() {
    }

    /**
     * What {@code name} adds when it wraps {@code words[from..]}, or null when it wraps nothing here
     * ({@code command -v x} only names a program).
     */
    static Wrapped open(String name, List<String> words, int from) {
        Spec spec = SPECS.get(name);
        if (spec == null) {
            return null;
        }
        List<String> assignments = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        String[] chdir = {null};
        if (name.equals("flock")) {
            // flock's -c comes after the lock file
            for (int k = from; k + 1 < words.size(); k++) {
                if (words.get(k).equals("-c") || words.get(k).equals("--command")) {
                    scripts.add(words.get(k + 1));
                    return new Wrapped(words.size(), List.copyOf(words.subList(from, words.size())), assignments,
                            outputs, scripts, null);
                }
            }
        }
        int j = from;
        boolean wholeRestIsScript = false;
        while (j < words.size()) {
            String w = words.get(j);
            if (w.equals("--")) {
                j++;
                break;
            }
            if (lookupOnly(name, w)) {
                return null;
            }
            if (w.startsWith("--") && w.length() > 2) {
                int eq = w.indexOf('=');
                String key = eq < 0 ? w : w.substring(0, eq);
                String value = null;
                if (eq >= 0) {
                    value = w.substring(eq + 1);
                    j++;
                } else if (spec.valued().contains(key)) {
                    value = j + 1 < words.size() ? words.get(j + 1) : "";
                    j += 2;
                } else {
                    j++;
                }
                if (value != null) {
                    wholeRestIsScript |= classify(name, spec, key, value, words, j, outputs, scripts, chdir);
                }
            } else if (w.startsWith("-") && w.length() > 1) {
                j++;
                for (int k = 1; k < w.length(); k++) {
                    String key = "-" + w.charAt(k);
                    if (spec.valued().contains(key)) {
                        String value;
                        if (k + 1 < w.length()) {
                            value = w.substring(k + 1);
                        } else {
                            value = j < words.size() ? words.get(j) : "";
                            j++;
                        }
                        wholeRestIsScript |= classify(name, spec, key, value, words, j, outputs, scripts, chdir);
                        break;
                    }
                }
            } else if (name.equals("env") && ASSIGNMENT.matcher(w).matches()) {
                assignments.add(w);
                j++;
            } else {
                break;
            }
            if (wholeRestIsScript) {
                j = words.size();
                break;
            }
        }
        j = Math.min(words.size(), j + spec.operands());
        if (name.equals("watch") && j < words.size() && !words.subList(from, j).contains("-x")
                && !words.subList(from, j).contains("--exec")) {
            // watch hands its arguments, joined, to sh -c
            scripts.add(String.join(" ", words.subList(j, words.size())));
            j = words.size();
        }
        return new Wrapped(j, List.copyOf(words.subList(from, Math.min(j, words.size()))), assignments, outputs,
                scripts, chdir[0]);
    }

    /**
     * Files the wrapper writes become output redirections; a command string goes to the scripts (true
     * when it takes the rest of the words, as {@code env -S} does).
     */
    private static boolean classify(String name, Spec spec, String key, String value, List<String> words, int next,
            List<String> outputs, List<String> scripts, String[] chdir) {
        if (spec.outputs().contains(key)) {
            if (name.equals("strace") && (value.startsWith("|") || value.startsWith("!"))) {
                // strace -o '|cmd' pipes the trace into a command
                scripts.add(value.substring(1));
            } else {
                outputs.add("> " + value);
            }
        } else if (spec.chdirs().contains(key)) {
            chdir[0] = value;
        } else if (spec.scripts().contains(key)) {
            if (name.equals("env")) {
                List<String> rest = new ArrayList<>(List.of(value));
                rest.addAll(words.subList(Math.min(next, words.size()), words.size()));
                scripts.add(String.join(" ", rest));
            } else {
                scripts.add(value);
            }
            return true;
        }
        return false;
    }

    /** {@code command -v x}, {@code ionice -p 1} and the like name a program without running it. */
    private static boolean lookupOnly(String name, String option) {
        return (name.equals("command") && (option.equals("-v") || option.equals("-V")))
                || ((name.equals("ionice") || name.equals("taskset")) && option.equals("-p"))
                || (name.equals("strace") && option.equals("-p")) || (name.equals("ltrace") && option.equals("-p"));
    }
}
