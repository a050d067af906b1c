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

    /**
     * The command line sent over SSH. It runs the user's command with the login shell ({@code $SHELL},
     * else /bin/sh), in a new session when util-linux {@code setsid -w} exists; otherwise in the login
     * shell's own process (its group under OpenSSH).
     */
    static String wrap(String command) {
        String c = quote(command);
        String announce = "printf '" + PID_MARKER + "%s\\n' \"$$\" >&2";
        return "c=" + c + "; if setsid -w true >/dev/null 2>&1; then exec setsid -w /bin/sh -c '"
                + announce.replace("'", "'\\''") + "; exec \"${SHELL:-/bin/sh}\" -c \"$1\"' servermonitor-task \"$c\";"
                + " fi; " + announce + "; exec \"${SHELL:-/bin/sh}\" -c \"$c\"";
    }

    /**
     * Terminates process group (or, failing that, process) {@code pgid}: TERM, then KILL once
     * {@code graceTenths} tenths of a second pass with anything left.
     */
    static String kill(long pgid, int graceTenths) {
        return "p=" + pgid + "; kill -TERM -$p 2>/dev/null || kill -TERM $p 2>/dev/null; i=0;"
                + " while [ $i -lt " + graceTenths + " ]; do"
                + " kill -0 -$p 2>/dev/null || kill -0 $p 2>/dev/null || exit 0; sleep 0.1; i=$((i+1)); done;"
                + " kill -KILL -$p 2>/dev/null; kill -KILL $p 2>/dev/null; exit 0";
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
                pgid.complete(Long.parseLong(m.group(1)));
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
