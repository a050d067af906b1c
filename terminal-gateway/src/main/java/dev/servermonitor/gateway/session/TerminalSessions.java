package dev.servermonitor.gateway.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.shutdown.ShuttingDown;
import dev.servermonitor.common.socket.MessageLimit;
import dev.servermonitor.common.socket.SocketAccess;
import dev.servermonitor.common.socket.SocketRefusal;
import dev.servermonitor.gateway.GatewayConfig;

/**
 * Every terminal on this instance once {@link TerminalOpener} has begun opening it: carries its
 * input and control messages, and ends it — by the browser, the shell, idle or age limits, a
 * revoked user, a stop request or shutdown — each ending written to the row and the audit log.
 */
@ApplicationScoped
public class TerminalSessions {

    private static final Logger LOG = Logger.getLogger(TerminalSessions.class);
    /**
     * Largest inbound message (common's MessageLimit holds every larger one to this): keystrokes and
     * pastes are far smaller.
     */
    static final int MAX_FRAME = MessageLimit.MAX_BYTES;

    private final SocketAccess access;
    private final SessionStore store;
    private final RecordingFlusher recordings;
    private final GatewayConfig config;
    private final TerminalMetrics metrics;
    private final Map<String, TerminalSession> byConnection = new ConcurrentHashMap<>();
    private final Map<UUID, TerminalSession> byId = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    public TerminalSessions(SocketAccess access, SessionStore store, RecordingFlusher recordings,
            GatewayConfig config, TerminalMetrics metrics) {
        this.access = access;
        this.store = store;
        this.recordings = recordings;
        this.config = config;
        this.metrics = metrics;
        metrics.watch(byId::size, this::bufferedOutput, config.terminal().maxSessions());
    }

    // ---- opening (TerminalOpener's steps) ----

    /** Handshake read: its socket's messages and close now reach the session. */
    void opening(TerminalSession s) {
        byConnection.put(s.ws.id(), s);
    }

    /** Refuses while shutting down, and when this gateway holds its maximum of sessions. */
    void checkRoom() {
        if (shuttingDown) {
            throw SocketRefusal.internal("shutting_down", "the gateway is shutting down; reconnect");
        }
        if (byId.size() >= config.terminal().maxSessions()) {
            throw SocketRefusal.policy("session_limit", "this gateway already holds its maximum of "
                    + config.terminal().maxSessions() + " sessions");
        }
    }

    /**
     * Its row is written: the session counts, can be stopped and swept. Refused when the browser left
     * meanwhile.
     */
    void register(TerminalSession s) {
        // put, then look: an end() in between either sees it in the map or is seen here
        byId.put(s.id, s);
        if (s.isEnded()) {
            byId.remove(s.id);
            throw SocketRefusal.policy("client_closed", "the browser left while the terminal was opening");
        }
    }

    /** Out of the registry, SSH closed: what every ending does first. */
    void forget(TerminalSession s) {
        byConnection.remove(s.ws.id());
        byId.remove(s.id);
        s.stopShell();
    }

    // ---- while open ----

    private Uni<Void> tooLarge(WebSocketConnection ws, TerminalSession s) {
        return s == null
                ? ws.close(new CloseReason(1009, "frame_too_large"))
                : end(s, new TerminalSession.Ending("error", "frame_too_large", 1009, true));
    }

    public Uni<Void> input(WebSocketConnection ws, byte[] data) {
        TerminalSession s = byConnection.get(ws.id());
        if (data.length > MAX_FRAME) {
            return tooLarge(ws, s);
        }
        if (s != null && !s.isEnded() && !s.input(data)) {
            return end(s, new TerminalSession.Ending("error", "input_backlog", SocketRefusal.POLICY, true));
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * A text frame: a control message. Anything else gets an error message and the socket stays open.
     */
    public Uni<Void> control(WebSocketConnection ws, String text) {
        TerminalSession s = byConnection.get(ws.id());
        // the same limit as for terminal bytes: any message over it closes the socket with 1009, text or not
        // (UTF-16 length is a lower bound of the UTF-8 bytes; the exact count only where it could matter)
        if (text.length() > MAX_FRAME / 3
                && text.getBytes(StandardCharsets.UTF_8).length > MAX_FRAME) {
            return tooLarge(ws, s);
        }
        if (s == null) {
            return Uni.createFrom().voidItem();
        }
        ControlMessage c = ControlMessage.read(text);
        if (c instanceof ControlMessage.Resize r) {
            return resize(ws, s, r);
        }
        if (c instanceof ControlMessage.Bad b) {
            return error(ws, "bad_message", b.message());
        }
        return ws.sendText(TerminalMessages.PONG);
    }

    private static Uni<Void> resize(WebSocketConnection ws, TerminalSession s, ControlMessage.Resize r) {
        try {
            s.resize(r.cols(), r.rows());
        } catch (IOException e) {
            return error(ws, "resize_failed", "the server did not take the new size");
        }
        return Uni.createFrom().voidItem();
    }

    /** The browser closed the socket (or the socket broke). */
    public Uni<Void> clientClosed(WebSocketConnection ws) {
        TerminalSession s = byConnection.get(ws.id());
        return s == null
                ? Uni.createFrom().voidItem()
                : end(s, new TerminalSession.Ending("closed", "client_closed", 1000, false));
    }

    /** The shell ended by itself (exit, or SSH lost); given to each session as it attaches. */
    void shellEnded(TerminalSession s, Integer exitStatus, Throwable error) {
        TerminalSession.Ending how = error == null || exitStatus != null
                ? new TerminalSession.Ending("remote_exit", "remote_exit", 1000, true)
                : new TerminalSession.Ending("error", "ssh_disconnected", SocketRefusal.INTERNAL, true);
        endQuietly(s, how);
    }

    // ---- ending ----

    /**
     * Ends a session once: tells the browser why (when it is still there), closes SSH, writes the last
     * of the recording, the row and the audit entry. The returned Uni completes when all that is
     * written.
     */
    Uni<Void> end(TerminalSession s, TerminalSession.Ending how) {
        if (!s.markEnded(how)) {
            return Uni.createFrom().voidItem();
        }
        forget(s);
        metrics.closed(how.reason());
        Uni<Void> tell = how.tellClient() && s.ws.isOpen()
                ? s.ws.sendText(TerminalMessages.closed(how.reason()))
                        .onFailure().recoverWithNull()
                        .chain(() -> s.ws.close(new CloseReason(how.closeCode(), how.reason()))).onFailure()
                        .recoverWithNull().replaceWithVoid()
                : Uni.createFrom().voidItem();
        if (!s.hasRow()) {
            return tell;
        }
        long seconds = Duration.ofNanos(System.nanoTime() - s.startedNanos).toSeconds();
        AuditEntry audit = s.connected()
                ? s.audit("terminal.close", "sessionId", s.id.toString(), "serverId", s.serverId, "reason",
                        how.reason(), "durationSeconds", seconds, "bytesIn", s.bytesIn(), "bytesOut", s.bytesOut())
                : null;
        return Uni.combine().all().unis(tell, recordings.finish(s)).discardItems()
                .chain(() -> store.close(s.id, how.status(), how.reason(), s.bytesIn(), s.bytesOut(), audit, s.origin))
                .onFailure().invoke(e -> LOG.warnf("Terminal %s ended (%s) but its row could not be written yet (%s):"
                        + " tried again every second", s.id, how.reason(), e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid()
                .invoke(() -> LOG.infof("Terminal %s closed: %s", s.id, how.reason()));
    }

    /** Stops a session wherever it is in its life (stop request from central-api). */
    public boolean stop(UUID id) {
        TerminalSession s = byId.get(id);
        if (s == null) {
            return false;
        }
        endQuietly(s, new TerminalSession.Ending("stopped", "stopped", 4002, true));
        return true;
    }

    // ---- periodic work: limits, recording, access ----

    /** Idle and age limits, and recording flushes; every second. */
    void sweep() {
        long now = System.nanoTime();
        long idle = Duration.ofSeconds(config.terminal().idleTimeoutSeconds()).toNanos();
        long max = Duration.ofSeconds(config.terminal().maxSessionSeconds()).toNanos();
        for (TerminalSession s : byId.values()) {
            if (!s.connected() || s.isEnded()) {
                continue;
            }
            if (idle > 0 && s.idleNanos(now) >= idle) {
                endQuietly(s, new TerminalSession.Ending("idle_timeout", "idle_timeout", 4000, true));
            } else if (max > 0 && now - s.startedNanos >= max) {
                endQuietly(s, new TerminalSession.Ending("closed", "max_duration", 4001, true));
            } else {
                recordings.flush(s);
            }
        }
    }

    /**
     * Every session's user again: a user deleted, disabled, re-passworded or demoted loses the
     * terminal.
     */
    void recheckAccess() {
        for (TerminalSession s : byId.values()) {
            if (!s.connected() || s.isEnded()) {
                continue;
            }
            access.recheck(s.grant().jwt()).subscribe().with(user -> {
            }, e -> {
                if (e instanceof SocketRefusal r) {
                    LOG.infof("Terminal %s: access revoked (%s)", s.id, r.getMessage());
                    endQuietly(s, new TerminalSession.Ending("closed", "access_revoked", SocketRefusal.POLICY, true));
                } else {
                    LOG.warnf("Terminal %s: access could not be checked, kept open: %s", s.id, e.getMessage());
                }
            });
        }
    }

    private void endQuietly(TerminalSession s, TerminalSession.Ending how) {
        end(s, how).subscribe().with(ok -> {
        }, e -> LOG.warnf("Ending terminal %s failed: %s", s.id, e.getMessage()));
    }

    // ---- lifecycle ----

    /**
     * SIGTERM: every open terminal hears {@code shutdown} and closes with 1001; its row becomes
     * {@code interrupted}. Runs at the very start of shutdown, before the HTTP server waits for open
     * requests.
     */
    void closeAllForShutdown(@Observes ShuttingDown event) {
        shuttingDown = true;
        List<Uni<Void>> ends = new ArrayList<>();
        for (TerminalSession s : List.copyOf(byConnection.values())) {
            ends.add(end(s, new TerminalSession.Ending("interrupted", "shutdown", 1001, true)));
        }
        try {
            if (!ends.isEmpty()) {
                Uni.join().all(ends).andCollectFailures().await().atMost(Duration.ofSeconds(4));
                LOG.infof("Closed %d terminal session(s) for shutdown", ends.size());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Not every terminal closed in time for shutdown: %s", e.getMessage());
        }
        try {
            // closes still waiting for their row first, so that they end with their true reason
            store.retryUnwritten().chain(store::interruptOwn).chain(store::writeHeldAudit).await()
                    .atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("Could not mark this gateway's sessions interrupted: %s", e.getMessage());
        }
    }

    /** Output bytes on their way to browsers across all sessions: bounded by the backpressure. */
    private long bufferedOutput() {
        long sum = 0;
        for (TerminalSession s : byId.values()) {
            ShellBridge b = s.bridge();
            sum += b == null ? 0 : b.unsent();
        }
        return sum;
    }

    // ---- helpers ----

    private static Uni<Void> error(WebSocketConnection ws, String code, String message) {
        return ws.sendText(TerminalMessages.error(code, message));
    }
}
