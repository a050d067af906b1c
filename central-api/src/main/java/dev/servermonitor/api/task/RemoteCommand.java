package dev.servermonitor.api.task;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a task's command runs remotely so that it can really be stopped: in a process group of its
 * own ({@code setsid}), whose id is announced on the first stderr line. Stopping signals the whole
 * group (TERM, then KILL after a grace period) from a second channel, so children such as a
 * {@code sleep} die too rather than outliving a closed channel.
 */
final class RemoteCommand {

    static final String PID_MARKER = "servermonitor-task-pgid=";
    private static final Pattern MARKER_LINE = Pattern.compile(Pattern.quote(PID_MARKER) + "(\\d{1,10})\r?");

    private RemoteCommand() {
    }

    /** The variable every process of a task's group carries, {@code SERVERMONITOR_TASK=<task id>}. */
    static final String TASK_MARKER = "SERVERMONITOR_TASK";

    /**
     * The command line sent over SSH. It runs the user's command with the login shell ({@code $SHELL},
     * else /bin/sh), in a new session when util-linux {@code setsid -w} exists; otherwise in the login
     * shell's own process (its group under OpenSSH). Every process of it inherits
     * {@code SERVERMONITOR_TASK=<id>}, by which {@link #killLeftOver} recognises the group later.
     */
    static String wrap(String command, long taskId) {
        String c = quote(command);
        String announce = "printf '" + PID_MARKER + "%s\\n' \"$$\" >&2";
        return TASK_MARKER + "=" + taskId + "; export " + TASK_MARKER + "; c=" + c
                + "; if setsid -w true >/dev/null 2>&1; then exec setsid -w /bin/sh -c '"
                + announce.replace("'", "'\\''") + "; exec \"${SHELL:-/bin/sh}\" -c \"$1\"' servermonitor-task \"$c\";"
                + " fi; " + announce + "; exec \"${SHELL:-/bin/sh}\" -c \"$c\"";
    }

    /**
     * Terminates process group (or, failing that, process) {@code pgid}: TERM, then KILL once
     * {@code graceTenths} tenths of a second pass with anything left.
     * <p>
     * A group is always signalled as {@code kill -s SIG -- -$p}: the shells' builtins take it, and so
     * does a {@code kill} program. Without the {@code --}, procps-ng 4.0.2's {@code /usr/bin/kill}
     * (Debian 12) reads {@code kill -KILL -1234} as {@code kill -KILL -1}: every process the user may
     * signal, all of them for root. That took this build machine down once, through a test.
     */
    static String kill(long pgid, int graceTenths) {
        return "p=" + pgid
                + "; [ \"$p\" -gt 1 ] || exit 0; kill -s TERM -- -$p 2>/dev/null || kill -s TERM $p 2>/dev/null; i=0;"
                + " while [ $i -lt " + graceTenths + " ]; do"
                + " kill -s 0 -- -$p 2>/dev/null || kill -s 0 $p 2>/dev/null || exit 0; sleep 0.1; i=$((i+1));"
                + " done; kill -s KILL -- -$p 2>/dev/null; kill -s KILL $p 2>/dev/null; exit 0";
    }

    /** Exit statuses of {@link #killLeftOver}. */
    static final int LEFT_KILLED = 0;
    static final int LEFT_NOTHING = 3;
    static final int LEFT_NOT_OURS = 4;
    static final int LEFT_UNCHECKABLE = 5;
    static final int LEFT_SURVIVED = 6;

    /**
     * What a dead instance's task left on the server: process group {@code pgid} is killed (TERM, then
     * KILL after {@code graceTenths} tenths of a second) only if one of its processes still carries the
     * task's marker, so a group id since reused by something else is left alone. Exits
     * {@link #LEFT_KILLED}, {@link #LEFT_NOTHING} (the group is gone), {@link #LEFT_NOT_OURS} or
     * {@link #LEFT_UNCHECKABLE} (no {@code pgrep -g} or {@code /proc}) or {@link #LEFT_SURVIVED}
     * (something of the group outlived SIGKILL by a second: not ours to signal, or stuck in the
     * kernel). Zombies (killed, not yet reaped by their parent) count as gone.
     */
    static String killLeftOver(long pgid, long taskId, int graceTenths) {
        // in /bin/sh whatever the login shell: zsh, for one, would not split $g into the group's pids
        return "exec /bin/sh -c " + quote(leftOverScript(pgid, taskId, graceTenths));
    }

    private static String leftOverScript(long pgid, long taskId, int graceTenths) {
        return "p=" + pgid + "; m=" + TASK_MARKER + "=" + taskId + "; [ \"$p\" -gt 1 ] || exit " + LEFT_UNCHECKABLE
                + ";"
                // a pgrep without -g (BusyBox) must not read as "no such group": group 0 is pgrep's own
                + " command -v pgrep >/dev/null 2>&1 && [ -d /proc/self ] && pgrep -g 0 >/dev/null 2>&1 || exit "
                + LEFT_UNCHECKABLE + ";"
                // pgrep: 1 is "no such group", anything else but 0 is a pgrep that cannot tell
                + " g=$(pgrep -g $p); r=$?; [ $r -eq 1 ] && exit " + LEFT_NOTHING + "; [ $r -eq 0 ] || exit "
                + LEFT_UNCHECKABLE + "; o=;"
                + " for q in $g; do tr '\\000' '\\n' < /proc/$q/environ 2>/dev/null | grep -qx \"$m\" && o=1; done;"
                + " [ -n \"$o\" ] || exit " + LEFT_NOT_OURS + ";"
                // a killed process stays in its group as a zombie until its parent reaps it: only the others count
                + " live() { for q in $(pgrep -g $p); do s=$(sed 's/^.*) //' /proc/$q/stat 2>/dev/null | cut -c1);"
                + " [ -n \"$s\" ] && [ \"$s\" != Z ] && return 0; done; return 1; };"
                + " kill -s TERM -- -$p 2>/dev/null; i=0; while [ $i -lt " + graceTenths + " ]; do"
                + " live || exit 0; sleep 0.1; i=$((i+1)); done; kill -s KILL -- -$p 2>/dev/null;"
                + " i=0; while [ $i -lt 10 ]; do live || exit 0; sleep 0.1; i=$((i+1)); done; exit " + LEFT_SURVIVED;
    }

    /** Single-quotes {@code s} for a POSIX shell. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The stderr stream with the announcement taken out: the first line, if it is the marker, yields
     * the process group id; everything else passes through unchanged.
     */
    static final class StderrWithPid extends OutputStream {

        private static final int MAX_HEAD = 64;

        private final OutputStream target;
        private final CompletableFuture<Long> pgid = new CompletableFuture<>();
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private boolean passing;

        StderrWithPid(OutputStream target) {
            this.target = target;
        }

        /** Completes with the id, or null once it is clear none will come. */
        CompletableFuture<Long> pgid() {
            return pgid;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            if (passing) {
                target.write(bytes, offset, length);
                return;
            }
            for (int i = 0; i < length; i++) {
                byte b = bytes[offset + i];
                if (b == '\n' || head.size() >= MAX_HEAD) {
                    endHead(b == '\n');
                    int rest = b == '\n' ? i + 1 : i;
                    target.write(bytes, offset + rest, length - rest);
                    return;
                }
                head.write(b);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (!passing) {
                endHead(false);
            }
        }

        private void endHead(boolean newline) throws IOException {
            passing = true;
            Matcher m = MARKER_LINE.matcher(head.toString(StandardCharsets.ISO_8859_1));
            if (newline && m.matches()) {
                long announced = Long.parseLong(m.group(1));
                // 0 and 1 are no group a task can have: -1 and -0 would be "everything" and "our own group"
                pgid.complete(announced > 1 ? announced : null);
                return;
            }
            pgid.complete(null);
            target.write(head.toByteArray());
            if (newline) {
                target.write('\n');
            }
        }
    }
}
