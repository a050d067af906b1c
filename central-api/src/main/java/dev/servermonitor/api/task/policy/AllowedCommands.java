package dev.servermonitor.api.task.policy;

import static dev.servermonitor.api.task.policy.OptionGrammar.of;
import static dev.servermonitor.api.task.policy.OptionGrammar.sub;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The default allowlist: read-only diagnostics, each allowed with its options (an option that
 * writes a file, follows forever, changes something or shows other processes' environments is
 * simply not declared), and the few wrappers that may run them with a fixed, harmless set of
 * options. docs/task-policy.md lists them.
 */
final class AllowedCommands {

    /** Files the allowlist may read: logs, system-wide /proc files, a process's non-secret files. */
    static final String READABLE = "(?:/var/log(?:/[\\w@%+:,.-]+)*"
            + "|/proc(?:/(?!(?:kcore|kmem|kallsyms|kpage\\w*|sysrq-trigger|self|thread-self|mem|\\d+)(?:/|$))"
            + "[a-z_][\\w.-]*(?:/[\\w@%+:,.-]+)*|/\\d+(?:/(?:status|stat|statm|cmdline|comm|io|limits|sched"
            + "|schedstat|oom_score|oom_score_adj|cgroup|wchan|mountinfo|mounts))?)?"
            + "|/etc/(?:os-release|lsb-release|debian_version|redhat-release|hostname|timezone|fstab|resolv\\.conf"
            + "|hosts))";
    private static final String LOGS = "/var/log(?:/[\\w@%+:,.-]+)*";
    private static final String ABSOLUTE = "/[\\w@%+:,./-]*";
    /** A plain argument: no quoting, expansion or operator left in it. */
    private static final String ARG = "[\\w@%+=:,./-]+";
    private static final String LIST = "[\\w,.@-]+";
    private static final String NAME = "[\\w.@-]+";
    private static final String UNIT = "[\\w@.:\\\\-]+";
    private static final String NUM = "\\d{1,4}";
    private static final String TEXT = "[^\\x00-\\x1f]{1,200}";
    private static final String PS_FORMAT = "(?i)(?!.*env)[\\w%:=+.,-]+";
    private static final int MANY = 40;

    private static final List<OptionGrammar> COMMANDS = List.of(
            // allow-basics
            of("allow-basics", "uptime").letters("psV").words("--pretty", "--since"),
            of("allow-basics", "whoami"),
            of("allow-basics", "id").letters("ugGnrza").operands(NAME, 0, 1),
            of("allow-basics", "groups").operands(NAME, 0, 1),
            of("allow-basics", "date").letters("uR").words("--utc", "--universal", "--rfc-email")
                    .optionalValue("date|hours|minutes|seconds|ns", "-I", "--iso-8601")
                    .valued("date|seconds|ns", "--rfc-3339")
                    .operands("\\+[\\w%:./-]+", 0, 1),
            of("allow-basics", "uname").letters("asnrvmpio").words("--all", "--kernel-name", "--nodename",
                    "--kernel-release", "--kernel-version", "--machine", "--processor", "--hardware-platform",
                    "--operating-system"),
            of("allow-basics", "nproc").words("--all"), of("allow-basics", "arch"),
            of("allow-basics", "pwd").letters("LP"), of("allow-basics", "true"),
            of("allow-basics", "hostname").letters("fisdAI").words("--fqdn", "--short", "--domain",
                    "--ip-address", "--all-ip-addresses", "--all-fqdns"),
            of("allow-basics", "echo").letters("n").operands(ARG, 0, MANY),
            of("allow-basics", "sleep").operands("\\d{1,3}", 1, 1),
            // allow-disk-memory
            of("allow-disk-memory", "df").letters("ahHiklPT").words("--all", "--human-readable", "--si", "--inodes",
                    "--local", "--portability", "--print-type", "--total", "--sync", "--no-sync")
                    .valued("[\\w,]*", "--output").valued("\\w+", "-t", "--type", "-x", "--exclude-type", "-B",
                            "--block-size")
                    .operands(ABSOLUTE, 0, MANY),
            of("allow-disk-memory", "free").letters("bkmghtwlv").words("--bytes", "--kilo", "--mega", "--giga",
                    "--tera", "--human", "--wide", "--total", "--si", "--kibi", "--mebi", "--gibi", "--lohi"),
            of("allow-disk-memory", "du").letters("sahckmxbLHD").words("--summarize", "--human-readable",
                    "--apparent-size", "--total", "--one-file-system", "--all", "--si", "--bytes")
                    .valued("\\d{1,2}", "-d", "--max-depth").operands(ABSOLUTE, 1, MANY),
            of("allow-disk-memory", "lsblk").letters("abdfilmnpJOPSte").words("--all", "--bytes", "--fs",
                    "--list", "--json", "--paths", "--perms", "--nodeps", "--topology")
                    .valued("[\\w,+-]+", "-o", "--output"),
            // allow-processes: ps without the BSD "e" (environment) and no format showing it
            of("allow-processes", "ps").letters("AadefFHjlLMNTcwxyZm").bsd("auxfljvsrSchwTmHZ")
                    .words("--forest", "--no-headers", "--headers", "--cumulative", "--deselect")
                    .valued(PS_FORMAT, "-o", "-O", "--format", "o", "O")
                    .valued("[\\w,%+-]+", "--sort", "k")
                    .valued(LIST, "-p", "-u", "-U", "-g", "-G", "-C", "-t", "-q", "--pid", "--ppid", "--user",
                            "--User", "--group", "--Group", "--tty", "p", "U", "t", "q")
                    .valued("\\d{1,4}", "--cols", "--columns", "--width", "--rows", "--lines"),
            of("allow-processes", "top").letters("bcHiSs").valued("1", "-n").valued("[\\w%+-]+", "-o")
                    .valued("[kmgtpe]", "-E", "-e").valued("\\d{1,4}", "-w").valued("\\d+(?:\\.\\d+)?", "-d")
                    .valued("[\\d,]+", "-p").valued(NAME, "-u", "-U")
                    .requires("run in batch mode for one iteration (top -bn1)",
                            (o, a) -> o.containsKey("-b") && "1".equals(o.get("-n"))),
            // allow-services
            of("allow-services", "systemctl").letters("la").words("--no-pager", "--full", "--all", "--plain",
                    "--no-legend", "--value", "--failed")
                    .valued("[\\w,]+", "-p", "--property", "-t", "--type", "--state").valued(NUM, "-n", "--lines")
                    .valued("[\\w-]+", "-o", "--output")
                    .operandsJoined("(?:status|is-active|is-enabled|is-failed|list-units|list-timers|list-unit-files"
                            + "|list-sockets|show)(?: " + UNIT + ")*"),
            of("allow-services", "service").operandsJoined(NAME + " status"),
            // allow-journalctl: only with a bounded count, never following, writing or rotating
            of("allow-journalctl", "journalctl").letters("xrqakme").words("--no-pager", "--reverse", "--quiet",
                    "--all", "--dmesg", "--catalog", "--utc", "--no-hostname", "--no-full", "--full",
                    "--system", "--user", "--pager-end")
                    .valued(NUM, "-n", "--lines").valued("[\\w@.:*\\\\-]+", "-u", "--unit", "--user-unit")
                    .valued("[\\w.]+", "-p", "--priority").valued("[\\w:. +-]+", "-S", "--since", "-U", "--until")
                    .valued("[\\w-]+", "-o", "--output").valued(NAME, "-t", "--identifier", "--facility")
                    .optionalValue("[+-]?\\d{1,4}|[0-9a-f]{32}|all", "-b", "--boot").valued(TEXT, "-g", "--grep")
                    .operands("[A-Z_]+=[\\w@.:/-]+", 0, MANY)
                    .requires("show a bounded number of lines (-n N, N at most 9999)",
                            (o, a) -> o.containsKey("-n") || o.containsKey("--lines")),
            // allow-read-logs
            of("allow-read-logs", "cat").letters("AbeEnstTuv").words("--number", "--number-nonblank",
                    "--show-all", "--squeeze-blank", "--show-ends", "--show-tabs", "--show-nonprinting")
                    .operands(READABLE, 1, MANY),
            of("allow-read-logs", "zcat").letters("fq").operands(READABLE, 1, MANY),
            of("allow-read-logs", "head").letters("qvz").digitOption()
                    .valued("-?\\d{1,6}[kKmMbB]?", "-n", "--lines", "-c", "--bytes").words("--quiet", "--verbose")
                    .operands(READABLE, 0, MANY),
            of("allow-read-logs", "tail").letters("qvz").digitOption()
                    .valued("[+-]?\\d{1,6}[kKmMbB]?", "-n", "--lines", "-c", "--bytes").words("--quiet", "--verbose")
                    .operands(READABLE, 0, MANY),
            of("allow-read-logs", "wc").letters("lwcmL").words("--lines", "--words", "--bytes", "--chars",
                    "--max-line-length").operands(READABLE, 0, MANY),
            of("allow-read-logs", "stat").letters("Lft").words("--dereference", "--file-system", "--terse")
                    .valued("[\\w%:. /-]+", "-c", "--format", "--printf").operands(READABLE, 1, MANY),
            of("allow-read-logs", "file").letters("bihLzkN").words("--brief", "--mime", "--mime-type",
                    "--mime-encoding", "--dereference", "--no-dereference", "--keep-going").operands(READABLE, 1, MANY),
            of("allow-read-logs", "ls").letters("aAlhtrSRd1iFnsgGpQcuUvX").words("--all", "--almost-all",
                    "--human-readable", "--full-time", "--inode", "--size", "--reverse", "--recursive")
                    .valued("\\w+", "--color", "--colour", "--sort", "--time", "--time-style")
                    .operands(READABLE, 1, MANY),
            // allow-grep: of stdin or readable files; recursive only under /var/log
            grep("grep"), grep("egrep"), grep("fgrep"), grep("zgrep"),
            // allow-filters (on stdin)
            of("allow-filters", "sort").letters("nrhubfVMgsc").valued("[\\w,.]+", "-k", "--key")
                    .valued("\\S{1,2}", "-t", "--field-separator")
                    .words("--numeric-sort", "--reverse", "--human-numeric-sort", "--unique", "--version-sort"),
            of("allow-filters", "uniq").letters("cdui").valued(NUM, "-f", "-s", "-w").words("--count",
                    "--repeated", "--unique", "--ignore-case"),
            of("allow-filters", "cut").letters("s").valued("\\S{1,2}", "-d", "--delimiter")
                    .valued("[\\d,-]+", "-f", "-c", "-b", "--fields", "--characters", "--bytes")
                    .words("--complement", "--only-delimited"),
            of("allow-filters", "column").letters("tx").valued("\\S{1,4}", "-s", "-o"),
            // allow-sessions
            of("allow-sessions", "who").letters("abdHlmpqrstTu").operandsJoined("(?:am i|am I)?"),
            of("allow-sessions", "w").letters("hsfoiu"),
            of("allow-sessions", "last").letters("aFiwxdR").digitOption().valued(NUM, "-n", "--limit")
                    .operands(NAME, 0, 4),
            of("allow-sessions", "lastlog").letters("b").valued(NUM, "-b", "-t", "--before", "--time")
                    .valued(NAME, "-u", "--user"),
            of("allow-sessions", "users"),
            // allow-hardware
            of("allow-hardware", "lscpu").letters("abcexyJ").words("--all", "--online", "--offline", "--json",
                    "--extended", "--hex"),
            of("allow-hardware", "lsmem").letters("abJnPr").words("--all", "--bytes", "--json", "--summary"),
            of("allow-hardware", "lspci").letters("vkntbDPMxq").words("-nn", "-vv", "-vvv", "-mm")
                    .valued("[\\w:.]+", "-s", "-d"),
            of("allow-hardware", "lsusb").letters("vt").valued("[\\w:.]+", "-s", "-d"),
            of("allow-hardware", "sensors").letters("Auj").words("--no-adapter", "--fahrenheit"),
            of("allow-hardware", "getconf").letters("a").operands("\\w+", 0, 1),
            of("allow-hardware", "dmesg").letters("THxkLrePu").words("--ctime", "--human", "--decode", "--kernel",
                    "--userspace", "--raw", "--nopager", "--notime", "--reltime")
                    .valued("[\\w,]+", "-l", "--level", "-f", "--facility").valued("[\\w-]+", "--time-format"),
            // allow-network
            of("allow-network", "ip").words("-s", "-d", "-4", "-6", "-br", "-brief", "-c", "-color", "-j", "-json",
                    "-p", "-pretty", "-o", "-oneline", "-h", "-human", "-stats", "-details")
                    .operandsJoined("(?:a|addr|address|r|route|l|link|n|neigh|ru|rule)(?: show| list| ls)?"
                            + "(?: dev [\\w.@-]+)?"),
            of("allow-network", "ss").letters("tulnpaeimosxw46HOrS"),
            of("allow-network", "netstat").letters("tulnpaerisWxw46g"),
            of("allow-network", "ping").letters("46qnDO").valued("\\d{1,2}", "-c")
                    .valued("\\d{1,3}", "-w", "-W").valued("\\d+(?:\\.\\d+)?", "-i").operands("[\\w.:-]+", 1, 1)
                    .requires("send a bounded number of packets (-c N, N at most 99)", (o, a) -> o.containsKey("-c")),
            of("allow-network", "dig").letters("46").valued("[\\w.:]+", "-x", "-t", "-p", "-c", "-q", "-b")
                    .operands("[\\w.:@+=-]+", 1, 12),
            of("allow-network", "host").letters("46avrCdl").valued("\\w+", "-t", "-c").valued(NUM, "-W", "-R", "-N")
                    .operands("[\\w.:-]+", 1, 2),
            of("allow-network", "nslookup").operands("(?:-(?:type|query|port|timeout|retry)=\\w+|[\\w.:-]+)", 1, 4),
            // allow-performance: an interval only together with a count
            of("allow-performance", "vmstat").letters("afmnsdDtwS").valued("[kKmM]", "-S", "--unit")
                    .valued("[\\w/-]+", "-p", "--partition").operandsJoined("(?:\\d{1,4} \\d{1,3})?"),
            of("allow-performance", "iostat").letters("cdhkmNxyzts").valued("[\\w,]+", "-p").valued("JSON", "-o")
                    .operandsJoined("(?:[\\w]+ )*?(?:\\d{1,4} \\d{1,3})?"),
            of("allow-performance", "mpstat").letters("uTA").valued("[\\w,]+", "-P", "-I").valued("JSON", "-o")
                    .operandsJoined("(?:\\d{1,4} \\d{1,3})?"),
            // allow-system-info
            of("allow-system-info", "lsb_release").letters("aidrcs").words("--all", "--id", "--description",
                    "--release", "--codename", "--short"),
            of("allow-system-info", "hostnamectl").operandsJoined("(?:status)?"),
            of("allow-system-info", "timedatectl").operandsJoined("(?:status)?"),
            sub("allow-system-info", "docker", "ps").letters("aqsl").words("--all", "--quiet", "--no-trunc",
                    "--size", "--latest").valued("[\\w=.:/-]+", "-f", "--filter").valued(NUM, "-n", "--last"),
            sub("allow-system-info", "docker", "images").letters("aq").words("--all", "--quiet", "--no-trunc"),
            sub("allow-system-info", "docker", "info"), sub("allow-system-info", "docker", "version"),
            sub("allow-system-info", "docker", "stats").words("--no-stream", "--no-trunc", "-a", "--all")
                    .operands(NAME, 0, MANY)
                    .requires("be given --no-stream", (o, a) -> o.containsKey("--no-stream")),
            sub("allow-system-info", "docker", "logs").letters("t").words("--timestamps")
                    .valued(NUM, "-n", "--tail").valued("[\\w:.-]+", "--since", "--until").operands(NAME, 1, 1)
                    .requires("be given --tail N (N at most 9999)",
                            (o, a) -> o.containsKey("--tail") || o.containsKey("-n")));

    private static final Map<String, List<OptionGrammar>> BY_PROGRAM = COMMANDS.stream()
            .collect(Collectors.groupingBy(g -> g.program));

    /**
     * Wrappers that may run an allowlisted command, each with a fixed set of options that change only
     * how it runs (priority, time limit, buffering), never what it can reach. Anything else that wraps
     * (env, chroot, strace, xargs, watch, nohup, …) is refused: the command it runs would no longer be
     * the command that was allowlisted.
     */
    private static final Map<String, OptionGrammar> WRAPPERS = Map.of(
            "sudo", of("wrapper", "sudo").letters("n").valued(NAME, "-u", "--user").words("--non-interactive"),
            "nice", of("wrapper", "nice").valued("1?\\d", "-n", "--adjustment"),
            "ionice", of("wrapper", "ionice").letters("t").valued("[23]|best-effort|idle", "-c", "--class")
                    .valued("[0-7]", "-n", "--classdata"),
            "timeout", of("wrapper", "timeout").letters("v").words("--preserve-status", "--foreground", "--verbose")
                    .valued("[A-Z0-9]+", "-s", "--signal").valued("\\d{1,5}(?:\\.\\d+)?[smhd]?", "-k", "--kill-after")
                    .operands("\\d{1,5}(?:\\.\\d+)?[smhd]?", 1, 1),
            "stdbuf", of("wrapper", "stdbuf").valued("L|0|\\d{1,6}[KMkB]?", "-i", "-o", "-e", "--input", "--output",
                    "--error"),
            "time", of("wrapper", "time").letters("p").words("--portability"),
            "command", of("wrapper", "command").letters("p"));

    static final String WRAPPER_NAMES = String.join(", ", List.of("sudo", "nice", "ionice", "timeout", "stdbuf",
            "time", "command"));

    private AllowedCommands() {
    }

    /** Null when a built-in allow rule accepts the program with these arguments, else why not. */
    static String refusal(String program, List<String> args) {
        List<OptionGrammar> grammars = BY_PROGRAM.get(program);
        if (grammars == null) {
            return program + " is not an allowlisted program";
        }
        String specific = null;
        for (OptionGrammar g : grammars) {
            String why = g.refusal(args);
            if (why == null) {
                return null;
            }
            if (g.appliesTo(args)) {
                specific = why;
            }
        }
        return specific != null
                ? specific
                : "only " + grammars.stream().map(g -> "“" + g.name() + "”").collect(Collectors.joining(", "))
                        + " are allowed";
    }

    /** Null when {@code name} may wrap an allowlisted command with these options, else why not. */
    static String wrapperRefusal(String name, List<String> options) {
        OptionGrammar g = WRAPPERS.get(name);
        if (g == null) {
            return name + " may not run an allowlisted command (it changes what the command can reach); allowed"
                    + " wrappers are " + WRAPPER_NAMES;
        }
        String why = g.refusal(options);
        return why == null ? null : name + ": " + why;
    }

    /** grep of stdin or readable files, with a pattern; recursive search only under /var/log. */
    private static OptionGrammar grep(String name) {
        return of("allow-grep", name).letters("ivclLhHoqswxEFGPnabrRZz")
                .valued(NUM, "-m", "-A", "-B", "-C", "--max-count", "--after-context", "--before-context", "--context")
                .valued(TEXT, "-e", "--regexp").valued("\\w+", "--color", "--colour")
                .valued("[\\w*.?,-]+", "--include", "--exclude", "--exclude-dir")
                .words("--ignore-case", "--count", "--line-number", "--files-with-matches", "--invert-match",
                        "--word-regexp", "--line-regexp", "--extended-regexp", "--fixed-strings", "--perl-regexp",
                        "--no-filename", "--with-filename", "--only-matching", "--quiet", "--silent", "--recursive")
                .operands(TEXT, 0, MANY)
                .requires("read stdin or files under /var/log and /proc (recursively only under /var/log)",
                        (o, operands) -> {
                            boolean patternGiven = o.containsKey("-e") || o.containsKey("--regexp");
                            List<String> files = patternGiven || operands.isEmpty()
                                    ? operands
                                    : operands.subList(1, operands.size());
                            if (!patternGiven && operands.isEmpty()) {
                                return false;
                            }
                            boolean recursive = o.containsKey("-r") || o.containsKey("-R")
                                    || o.containsKey("--recursive");
                            String allowed = recursive ? LOGS : READABLE;
                            return !(recursive && files.isEmpty())
                                    && files.stream().allMatch(f -> f.matches(allowed));
                        });
    }
}
