package dev.servermonitor.monitor.collect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@link ProbeScript}'s output: pure Java over the text, tolerant of what differs between
 * kernels (fewer /proc/stat columns on old ones, no MemAvailable before 3.14, {@code eth0:123}
 * without a space, df with or without a type column) and strict about what must be there.
 */
public final class ProcParser {

    /** Pseudo and memory-backed filesystems: not disks. */
    static final Set<String> NOT_DISKS = Set.of("tmpfs", "devtmpfs", "devpts", "proc", "sysfs", "cgroup", "cgroup2",
            "squashfs", "autofs", "mqueue", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "fusectl",
            "configfs", "hugetlbfs", "ramfs", "nsfs", "efivarfs", "binfmt_misc", "rpc_pipefs", "nfsd", "fuse.lxcfs",
            "fuse.gvfsd-fuse", "fuse.portal", "fuse.snapfuse", "iso9660", "udev", "none", "shm");

    /** Files a container runtime bind-mounts from the host's disk: not disks of this server. */
    static final Set<String> NOT_DISK_MOUNTS = Set.of("/etc/hosts", "/etc/hostname", "/etc/resolv.conf",
            "/dev/termination-log");

    /** The output could not be read as a probe's; the message says which part. */
    public static final class UnreadableProbe extends Exception {

        public UnreadableProbe(String message) {
            super(message, null, false, false);
        }
    }

    private ProcParser() {
    }

    public static Reading parse(String output) throws UnreadableProbe {
        Map<String, List<String>> sections = sections(output);
        List<Reading.CpuTimes> cores = new ArrayList<>();
        Reading.CpuTimes cpu = null;
        for (String line : section(sections, "stat")) {
            String[] f = fields(line);
            if (f[0].equals("cpu")) {
                cpu = cpuTimes(f);
            } else if (f[0].startsWith("cpu") && f[0].length() > 3 && Character.isDigit(f[0].charAt(3))) {
                cores.add(cpuTimes(f));
            }
        }
        if (cpu == null) {
            throw new UnreadableProbe("/proc/stat has no cpu line");
        }
        Map<String, Long> mem = meminfo(section(sections, "meminfo"));
        long total = required(mem, "MemTotal");
        long available = mem.containsKey("MemAvailable")
                ? mem.get("MemAvailable")
                : Math.min(total, mem.getOrDefault("MemFree", 0L) + mem.getOrDefault("Buffers", 0L)
                        + mem.getOrDefault("Cached", 0L) + mem.getOrDefault("SReclaimable", 0L));
        String[] load = fields(section(sections, "loadavg").get(0));
        String[] uptime = fields(section(sections, "uptime").get(0));
        long[] net = network(section(sections, "netdev"));
        return new Reading(cpu, List.copyOf(cores),
                new double[]{number(load, 0, "/proc/loadavg"), number(load, 1, "/proc/loadavg"),
                        number(load, 2, "/proc/loadavg")},
                total, available, mem.getOrDefault("SwapTotal", 0L), mem.getOrDefault("SwapFree", 0L),
                disks(section(sections, "df")), net[0], net[1], number(uptime, 0, "/proc/uptime"),
                processes(sections.get("procs")));
    }

    private static Map<String, List<String>> sections(String output) {
        Map<String, List<String>> sections = new HashMap<>();
        List<String> current = null;
        for (String line : output.split("\n")) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.startsWith(ProbeScript.MARKER)) {
                current = new ArrayList<>();
                sections.put(l.substring(ProbeScript.MARKER.length()).strip(), current);
            } else if (current != null && !l.isBlank()) {
                current.add(l);
            }
        }
        return sections;
    }

    private static List<String> section(Map<String, List<String>> sections, String name) throws UnreadableProbe {
        List<String> lines = sections.get(name);
        if (lines == null || lines.isEmpty()) {
            throw new UnreadableProbe("the probe's " + name + " section is missing or empty");
        }
        return lines;
    }

    private static Reading.CpuTimes cpuTimes(String[] f) throws UnreadableProbe {
        if (f.length < 5) {
            throw new UnreadableProbe("/proc/stat has a cpu line with fewer than 4 counters");
        }
        // user nice system idle [iowait irq softirq [steal [guest [guest_nice]]]]; guest time is already in user
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            total += whole(f[i], "/proc/stat");
        }
        long idle = whole(f[4], "/proc/stat") + (f.length > 5 ? whole(f[5], "/proc/stat") : 0);
        return new Reading.CpuTimes(total, idle);
    }

    private static Map<String, Long> meminfo(List<String> lines) throws UnreadableProbe {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] f = fields(line.substring(colon + 1));
            long v = whole(f[0], "/proc/meminfo");
            values.put(line.substring(0, colon).strip(), f.length > 1 && f[1].equalsIgnoreCase("kB") ? v * 1024 : v);
        }
        return values;
    }

    /** Received and sent bytes over every interface but loopback. */
    private static long[] network(List<String> lines) throws UnreadableProbe {
        long rx = 0;
        long tx = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue; // the two header lines
            }
            String name = line.substring(0, colon).strip();
            String[] f = fields(line.substring(colon + 1));
            if (name.equals("lo") || f.length < 9) {
                continue;
            }
            rx += whole(f[0], "/proc/net/dev");
            tx += whole(f[8], "/proc/net/dev");
        }
        return new long[]{rx, tx};
    }

    /**
     * Real filesystems, each device once (bind mounts and the same NFS export twice count once, under
     * the shortest mount point).
     */
    private static List<Reading.Disk> disks(List<String> lines) throws UnreadableProbe {
        String[] header = fields(lines.get(0));
        boolean typed = header.length > 1 && header[1].equalsIgnoreCase("Type");
        Map<String, Reading.Disk> byDevice = new LinkedHashMap<>();
        Set<String> mounts = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = fields(line);
            int base = typed ? 2 : 1;
            if (f.length < base + 5) {
                continue; // a long device name wrapped onto its own line (non -P df); nothing to read
            }
            String device = f[0];
            String type = typed ? f[1] : null;
            // the mount point is the rest of the line: it may contain spaces
            String mount = String.join(" ", Arrays.copyOfRange(f, base + 4, f.length));
            if (!isDisk(device, type) || NOT_DISK_MOUNTS.contains(mount) || !mounts.add(mount)) {
                continue;
            }
            Reading.Disk disk = new Reading.Disk(mount, device, type, whole(f[base], "df") * 1024,
                    whole(f[base + 1], "df") * 1024, whole(f[base + 2], "df") * 1024);
            Reading.Disk seen = byDevice.get(device);
            if (seen == null || mount.length() < seen.mount().length()) {
                byDevice.put(device, disk);
            }
        }
        return List.copyOf(byDevice.values());
    }

    private static boolean isDisk(String device, String type) {
        if (type != null) {
            return !NOT_DISKS.contains(type);
        }
        return device.startsWith("/dev/") || device.contains(":/") || device.startsWith("//")
                || device.equals("overlay");
    }

    private static int processes(List<String> lines) throws UnreadableProbe {
        if (lines == null || lines.isEmpty()) {
            return -1;
        }
        return (int) whole(lines.get(0).strip(), "process count");
    }

    private static long required(Map<String, Long> mem, String key) throws UnreadableProbe {
        Long v = mem.get(key);
        if (v == null) {
            throw new UnreadableProbe("/proc/meminfo has no " + key);
        }
        return v;
    }

    private static String[] fields(String line) {
        return line.strip().split("\\s+");
    }

    private static long whole(String s, String where) throws UnreadableProbe {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new UnreadableProbe(where + " holds '" + abbreviate(s) + "' where a number belongs");
        }
    }

    private static double number(String[] f, int i, String where) throws UnreadableProbe {
        if (f.length <= i) {
            throw new UnreadableProbe(where + " is shorter than expected");
        }
        try {
            return Double.parseDouble(f[i]);
        } catch (NumberFormatException e) {
            throw new UnreadableProbe(where + " holds '" + abbreviate(f[i]) + "' where a number belongs");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "…" : s;
    }
}
