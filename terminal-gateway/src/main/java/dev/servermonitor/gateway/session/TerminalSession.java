package dev.servermonitor.gateway.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.websockets.next.WebSocketConnection;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.socket.SocketAccess.Grant;
import dev.servermonitor.gateway.recording.Recorder;

/**
 * One browser terminal: its socket, who opened it, its SSH bridge once connected, counters and
 * clocks. {@link TerminalOpener} opens it (and ends it when opening fails);
 * {@link TerminalSessions} knows it from its handshake on and ends it otherwise.
 */
final class TerminalSession implements ShellBridge.Listener {

    /** Input accepted before the shell is ready, or waiting for SSH, before the session is closed. */
    static final int INPUT_BACKLOG_MAX = 1024 * 1024;

    final UUID id = UUID.randomUUID();
    final WebSocketConnection ws;
    final long serverId;
    final RequestOrigin origin;
    final Instant startedAt = Instant.now();
    final long startedNanos = System.nanoTime();

    private volatile Grant grant;
    /** The row exists: ending the session must end it too. */
    private volatile boolean hasRow;
    private volatile int cols;
    private volatile int rows;

    /** Next recording chunk number, and whether one is being written (one at a time, in order). */
    private final AtomicInteger chunkSeq = new AtomicInteger();
    private final AtomicBoolean chunkWriting = new AtomicBoolean();

    private final TerminalMetrics metrics;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ByteArrayOutputStream early = new ByteArrayOutputStream();
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile ShellBridge bridge;
    private volatile Recorder recorder;
    private volatile Runnable outputHook = () -> {
    };

    /** How the session ended, once it has. */
    private volatile Ending ending;

    TerminalSession(WebSocketConnection ws, long serverId, int cols, int rows, RequestOrigin origin,
            TerminalMetrics metrics) {
        this.ws = ws;
        this.serverId = serverId;
        this.cols = cols;
        this.rows = rows;
        this.origin = origin;
        this.metrics = metrics;
    }

    /** Why and how a session ended: the row's status, the reason word, the close code. */
    record Ending(String status, String reason, int closeCode, boolean tellClient) {
    }

    /** Access checked: who opened it. */
    void granted(Grant g) {
        grant = g;
    }

    Grant grant() {
        return grant;
    }

    /** Its {@code terminal_sessions} row is written. */
    void rowOpened() {
        hasRow = true;
    }

    /** The row exists: ending the session must end it too. */
    boolean hasRow() {
        return hasRow;
    }

    int cols() {
        return cols;
    }

    int rows() {
        return rows;
    }

    /**
     * An audit entry by the session's user on the session, with {@code meta} from name/value pairs
     * (null values left out).
     */
    AuditEntry audit(String action, Object... meta) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < meta.length; i += 2) {
            if (meta[i + 1] != null) {
                m.put((String) meta[i], meta[i + 1]);
            }
        }
        return AuditEntry.of(action).by(grant.user().id(), grant.user().username()).on("terminal_session", id)
                .with(m);
    }

    /**
     * Becomes the one writer of the session's recording chunks (they land in order); false while
     * another write is in flight.
     */
    boolean claimChunkWriter() {
        return chunkWriting.compareAndSet(false, true);
    }

    /** The chunk in flight has landed (or failed): the next write may start. */
    void chunkWritten() {
        chunkWriting.set(false);
    }

    /** The number of the next recording chunk. */
    int nextChunkSeq() {
        return chunkSeq.getAndIncrement();
    }

    /**
     * The shell is up: early input goes to it, output starts flowing, and the idle clock starts
     * (waiting for SSH is not the user's idleness).
     */
    synchronized void attach(ShellBridge b, Recorder r, Runnable onOutput, ShellEndHandler onEnd) {
        touch();
        this.recorder = r;
        this.outputHook = onOutput;
        this.onShellEnd = onEnd;
        this.bridge = b;
        if (early.size() > 0) {
            b.write(early.toByteArray());
            early.reset();
        }
        b.start();
    }

    /**
     * Bytes typed in the browser. False when the backlog is over its bound (the caller ends the
     * session).
     */
    boolean input(byte[] data) {
        touch();
        bytesIn.addAndGet(data.length);
        metrics.in(data.length);
        ShellBridge b = bridge;
        if (b == null) {
            synchronized (this) {
                if (bridge == null) {
                    if (early.size() + data.length > INPUT_BACKLOG_MAX) {
                        return false;
                    }
                    early.write(data, 0, data.length);
                    return true;
                }
                b = bridge;
            }
        }
        if (b.inputBacklog() + data.length > INPUT_BACKLOG_MAX) {
            return false;
        }
        Recorder r = recorder;
        if (r != null) {
            r.input(data);
        }
        b.write(data);
        return true;
    }

    /** A resize from the browser; applied now or when the shell opens. */
    void resize(int c, int r) throws IOException {
        cols = c;
        rows = r;
        ShellBridge b = bridge;
        if (b != null) {
            b.resize(c, r);
            Recorder rec = recorder;
            if (rec != null) {
                rec.resize(c, r);
            }
        }
    }

    @Override
    public void output(byte[] data, int offset, int length) {
        touch();
        bytesOut.addAndGet(length);
        metrics.out(length);
        Recorder r = recorder;
        if (r != null) {
            r.output(data, offset, length);
        }
        outputHook.run();
    }

    @Override
    public long recordingBacklog() {
        Recorder r = recorder;
        return r == null ? 0 : r.backlog();
    }

    /** What to do when the shell ends by itself; given at {@link #attach}. */
    private volatile ShellEndHandler onShellEnd;

    interface ShellEndHandler {

        void ended(TerminalSession session, Integer exitStatus, Throwable error);
    }

    @Override
    public void ended(Integer exitStatus, Throwable error) {
        ShellEndHandler h = onShellEnd;
        if (h != null) {
            h.ended(this, exitStatus, error);
        }
    }

    /** True for the one caller that gets to end the session. */
    boolean markEnded(Ending how) {
        if (ended.compareAndSet(false, true)) {
            ending = how;
            return true;
        }
        return false;
    }

    boolean isEnded() {
        return ended.get();
    }

    /** How it ended; null while it has not. */
    Ending ending() {
        return ending;
    }

    /** Stops SSH; safe to call at any stage. */
    void stopShell() {
        ShellBridge b = bridge;
        if (b != null) {
            b.stop();
        }
        Recorder r = recorder;
        if (r != null) {
            r.finish();
        }
    }

    ShellBridge bridge() {
        return bridge;
    }

    Recorder recorder() {
        return recorder;
    }

    boolean connected() {
        return bridge != null;
    }

    long bytesIn() {
        return bytesIn.get();
    }

    long bytesOut() {
        return bytesOut.get();
    }

    long idleNanos(long now) {
        return now - lastActivityNanos;
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }
}
