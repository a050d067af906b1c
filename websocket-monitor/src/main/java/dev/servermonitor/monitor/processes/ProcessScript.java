package dev.servermonitor.monitor.processes;

/**
 * The one command the top-processes panel runs: every process's owner and command line (procps'
 * {@code ps}), then every {@code /proc/<pid>/stat} twice, one second apart, so CPU is what each
 * process used in that second (not {@code ps}' average over its whole life). Fixed text: no part of
 * a request reaches it.
 */
final class ProcessScript {

    static final String MARKER = "@@servermonitor:";

    static final String COMMAND = "LC_ALL=C; export LC_ALL;"
            + " echo '" + MARKER + "clock'; getconf CLK_TCK; getconf PAGESIZE; head -n 1 /proc/meminfo;"
            + " echo '" + MARKER + "ps'; ps -eo pid=,user:32=,args= 2>/dev/null;"
            + " echo '" + MARKER + "first'; cat /proc/uptime; cat /proc/[0-9]*/stat 2>/dev/null; sleep 1;"
            + " echo '" + MARKER + "second'; cat /proc/uptime; cat /proc/[0-9]*/stat 2>/dev/null; true";

    private ProcessScript() {
    }
}
