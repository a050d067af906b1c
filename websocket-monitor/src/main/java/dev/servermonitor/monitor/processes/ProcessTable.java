package dev.servermonitor.monitor.processes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@link ProcessScript} printed: the clock and page size, {@code ps}' owners and command
 * lines, two rounds of {@code /proc/<pid>/stat}. A process seen only in the second round started
 * during the second; all its time counts. Lines that do not parse (a process that ended while it
 * was read) are skipped.
 */
final class ProcessTable {

    /** A process as /proc/<pid>/stat tells of it. */
    record Stat(long pid, String name, long ticks, long rssPages) {
    }

    static final class Unreadable extends RuntimeException {

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private ProcessTable() {
    }

    /**
     * @param withCommandLines
     *            false: the process name only (the command line may carry secrets)
     */
    static List<ProcessView> parse(String output, boolean withCommandLines) {
        Map<String, List<String>> sections = sections(output);
        List<String> clock = sections.getOrDefault("clock", List.of());
        List<String> first = sections.getOrDefault("first", List.of());
        List<String> second = sections.getOrDefault("second", List.of());
        if (clock.size() < 3 || first.isEmpty() || second.isEmpty()) {
            throw new Unreadable("the server's process list is incomplete");
        }
        long hz = number(clock.get(0), "CLK_TCK");
        long pageSize = number(clock.get(1), "PAGESIZE");
        long memTotalBytes = number(clock.get(2).replaceAll("[^0-9]", ""), "MemTotal") * 1024;
        double seconds = uptime(second.get(0)) - uptime(first.get(0));
        if (hz <= 0 || seconds <= 0) {
            throw new Unreadable("the server's clock could not be read");
        }
        Map<Long, Stat> before = stats(first.subList(1, first.size()));
        Map<Long, Stat> after = stats(second.subList(1, second.size()));
        Map<Long, String[]> owners = owners(sections.getOrDefault("ps", List.of()));

        List<ProcessView> out = new ArrayList<>(after.size());
        for (Stat now : after.values()) {
            Stat then = before.get(now.pid());
            long used = now.ticks() - (then == null ? 0 : then.ticks());
            double cpu = Math.max(0, used) * 100.0 / hz / seconds;
            long rss = now.rssPages() * pageSize;
            String[] owner = owners.get(now.pid());
            String command = withCommandLines && owner != null && !owner[1].isBlank() ? owner[1] : now.name();
            out.add(new ProcessView(now.pid(), owner == null ? "?" : owner[0], round(cpu),
                    memTotalBytes > 0 ? round(rss * 100.0 / memTotalBytes) : 0, rss, command));
        }
        return out;
    }

    static Comparator<ProcessView> order(String sort) {
        Comparator<ProcessView> byCpu = Comparator.comparingDouble(ProcessView::cpu).reversed();
        Comparator<ProcessView> byMemory = Comparator.comparingLong(ProcessView::rssBytes).reversed();
        return ("memory".equals(sort) ? byMemory.thenComparing(byCpu) : byCpu.thenComparing(byMemory))
                .thenComparingLong(ProcessView::pid);
    }

    private static Map<String, List<String>> sections(String output) {
        Map<String, List<String>> sections = new HashMap<>();
        List<String> current = null;
        for (String line : output.split("\n")) {
            if (line.startsWith(ProcessScript.MARKER)) {
                current = new ArrayList<>();
                sections.put(line.substring(ProcessScript.MARKER.length()).strip(), current);
            } else if (current != null && !line.isBlank()) {
                current.add(line);
            }
        }
        return sections;
    }

    /**
     * {@code pid (name) state ppid …}: the name may hold spaces and parentheses, so it ends at the last
     * ')'.
     */
    private static Map<Long, Stat> stats(List<String> lines) {
        Map<Long, Stat> stats = new HashMap<>();
        for (String line : lines) {
            int open = line.indexOf(" (");
            int close = line.lastIndexOf(") ");
            if (open <= 0 || close < open) {
                continue;
            }
            String[] f = line.substring(close + 2).split(" ");
            if (f.length < 22) {
                continue;
            }
            try {
                long pid = Long.parseLong(line.substring(0, open));
                // fields 14 and 15 (utime, stime) and 24 (rss) of proc(5), counted after the name
                stats.put(pid, new Stat(pid, line.substring(open + 2, close),
                        Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[21])));
            } catch (NumberFormatException e) {
                // not a stat line
            }
        }
        return stats;
    }

    /** pid → {user, command line} from {@code ps -eo pid=,user:32=,args=}. */
    private static Map<Long, String[]> owners(List<String> lines) {
        Map<Long, String[]> owners = new HashMap<>();
        for (String line : lines) {
            String[] f = line.strip().split("\\s+", 3);
            if (f.length >= 2) {
                try {
                    owners.put(Long.parseLong(f[0]), new String[]{f[1], f.length == 3 ? f[2] : ""});
                } catch (NumberFormatException e) {
                    // a header or a line of another shape
                }
            }
        }
        return owners;
    }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new Unreadable(what + " could not be read");
        }
    }

    private static double uptime(String line) {
        try {
            return Double.parseDouble(line.strip().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            throw new Unreadable("the server's uptime could not be read");
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
