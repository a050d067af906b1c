package dev.servermonitor.monitor.collect;

/**
 * The one command a poll runs on a server: every source a sample needs, each after a marker line,
 * in a POSIX shell with nothing to install. {@code df -T} is GNU; BusyBox' df lacks it, hence the
 * fallback.
 */
public final class ProbeScript {

    static final String MARKER = "@@servermonitor:";

    public static final String COMMAND = "LC_ALL=C; export LC_ALL;"
            + " echo '" + MARKER + "stat'; cat /proc/stat;"
            + " echo '" + MARKER + "meminfo'; cat /proc/meminfo;"
            + " echo '" + MARKER + "loadavg'; cat /proc/loadavg;"
            + " echo '" + MARKER + "uptime'; cat /proc/uptime;"
            + " echo '" + MARKER + "netdev'; cat /proc/net/dev;"
            + " echo '" + MARKER + "df'; df -P -k -T 2>/dev/null || df -P -k;"
            + " echo '" + MARKER + "procs'; ls /proc | grep -c '^[0-9][0-9]*$'";

    private ProbeScript() {
    }
}
