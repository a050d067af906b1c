package dev.servermonitor.gateway.session;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.channel.PtyChannelConfigurationHolder;
import org.apache.sshd.common.channel.PtyMode;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.socket.MessageLimit;
import dev.servermonitor.common.socket.SocketRefusal;
import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshCredentials;
import dev.servermonitor.common.ssh.SshFailure;
import dev.servermonitor.common.ssh.SshKeys;
import dev.servermonitor.common.ssh.SshPurpose;
import dev.servermonitor.gateway.GatewayConfig;
import dev.servermonitor.gateway.access.TerminalAccess;
import dev.servermonitor.gateway.recording.Recorder;
import dev.servermonitor.gateway.ssh.CredentialsClient;

/**
 * Every terminal on this instance: opens them (access, limits, row, credentials, SSH, PTY), carries
 * their input and control messages, and ends them — by the browser, the shell, idle or age limits,
 * a revoked user, a stop request or shutdown — each ending written to the row and the audit log.
 */
@ApplicationScoped
public class TerminalSessions {

    /**
     * What {@code ssh} sends from a local terminal after {@code stty sane}; a browser has no tty modes
     * of its own. Enter arrives as CR: {@code ICRNL} makes it a newline for the shell and {@code ONLCR}
     * turns the shell's newlines into CR LF for xterm.js — real PTYs (OpenSSH) and emulated ones (MINA)
     * alike.
     */
    static final Map<PtyMode, Integer> PTY_MODES = ptyModes();

    private static Map<PtyMode, Integer> ptyModes() {
        Map<PtyMode, Integer> modes = new EnumMap<>(PtyMode.class);
        modes.putAll(PtyChannelConfigurationHolder.DEFAULT_PTY_MODES);
        modes.put(PtyMode.ICRNL, 1);
        modes.put(PtyMode.ONLCR, 1);
        return Collections.unmodifiableMap(modes);
    }

    private static final Logger LOG = Logger.getLogger(TerminalSessions.class);
    /**
     * Largest inbound message (common's MessageLimit holds every larger one to this): keystrokes and
     * pastes are far smaller.
     */
    static final int MAX_FRAME = MessageLimit.MAX_BYTES;

    private final TerminalAccess access;
    private final SessionStore store;
    private final RecordingFlusher recordings;
    private final CredentialsClient credentials;
    private final SshConnector ssh;
    private final GatewayConfig config;
    private final TerminalMetrics metrics;
    private final Vertx vertx;
    private final Map<String, TerminalSession> byConnection = new ConcurrentHashMap<>();
    private final Map<UUID, TerminalSession> byId = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    public TerminalSessions(TerminalAccess access, SessionStore store, RecordingFlusher recordings,
            CredentialsClient credentials, SshConnector ssh, GatewayConfig config, TerminalMetrics metrics,
            Vertx vertx) {
        this.access = access;
        this.store = store;
        this.recordings = recordings;
        this.credentials = credentials;
        this.ssh = ssh;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        metrics.watch(byId::size, this::bufferedOutput, config.terminal().maxSessions());
    }

    // ---- opening ----

    public Uni<Void> open(WebSocketConnection ws) {
        long t0 = System.nanoTime();
        TerminalSession s;
        try {
            Handshake h = Handshake.of(ws);
            s = new TerminalSession(ws, h.serverId(), h.cols(), h.rows(), h.origin(), metrics);
        } catch (SocketRefusal r) {
            return refuse(ws, r);
        }
        byConnection.put(ws.id(), s);
        return access.check(ws.handshakeRequest()).chain(grant -> {
            s.grant = grant;
            if (shuttingDown) {
                throw SocketRefusal.internal("shutting_down", "the gateway is shutting down; reconnect");
            }
            if (byId.size() >= config.terminal().maxSessions()) {
                throw SocketRefusal.policy("session_limit", "this gateway already holds its maximum of "
                        + config.terminal().maxSessions() + " sessions");
            }
            return store.server(s.serverId);
        }).chain(server -> {
            if (server == null) {
                throw SocketRefusal.policy("unknown_server", "no server with id " + s.serverId);
            }
            if (!server.hostKeyTrusted()) {
                throw SocketRefusal.policy("host_key_untrusted",
                        "the server's host key has not been trusted yet; an admin trusts it first");
            }
            return store.open(new SessionStore.NewSession(s.id, s.grant.user().id(), s.grant.user().username(),
                    s.serverId, server.name(), s.origin.ip(), s.origin.userAgent(), s.cols, s.rows,
                    config.recording().enabled()), config.terminal().maxSessionsPerUser());
        }).invoke(() -> {
            s.recorded = true;
            // put, then look: an end() in between either sees it in the map or is seen here
            byId.put(s.id, s);
            if (s.isEnded()) {
                byId.remove(s.id);
                throw SocketRefusal.policy("client_closed", "the browser left while the terminal was opening");
            }
        }).chain(() -> credentials.forTerminal(s.serverId, s.grant.token()))
                .chain(creds -> vertx.executeBlocking(Uni.createFrom().item(() -> connect(s, creds)), false))
                .chain(bridge -> connected(s, bridge, t0))
                .onFailure().recoverWithUni(e -> failed(s, e));
    }

    /** SSH connect, authenticate, open a PTY shell: blocking, on a worker thread. */
    private ShellBridge connect(TerminalSession s, SshCredentials creds) {
        ClientSession session = null;
        try {
            session = ssh.connect(SshPurpose.TERMINAL, creds.target(), config.ssh().connectTimeout(),
                    config.ssh().authTimeout(),
                    config.ssh().keepaliveInterval());
            PtyChannelConfiguration pty = new PtyChannelConfiguration();
            pty.setPtyType("xterm-256color");
            pty.setPtyColumns(s.cols);
            pty.setPtyLines(s.rows);
            pty.setPtyModes(PTY_MODES);
            ChannelShell channel = session.createShellChannel(pty, Map.of());
            channel.setStreaming(ClientChannel.Streaming.Async);
            channel.open().verify(config.ssh().authTimeout());
            return new ShellBridge(session, channel, s.ws, config.terminal().outputBufferBytes(), s);
        } catch (SshFailure f) {
            throw sshRefusal(s, f);
        } catch (SshKeys.InvalidKeyException e) {
            throw SocketRefusal.internal("credentials_unavailable", "the server's vault key could not be read");
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            throw SocketRefusal.internal("ssh_error", "the shell could not be opened on the server");
        }
    }

    private SocketRefusal sshRefusal(TerminalSession s, SshFailure f) {
        if ("host_key_mismatch".equals(f.code())) {
            AuditEntry entry = entry("terminal.host_key_mismatch", s).with(meta("serverId", s.serverId,
                    "sessionId", s.id.toString(), "presented",
                    f.presented() == null ? null : f.presented().fingerprint()));
            store.audit(entry, s.origin).subscribe().with(ok -> {
            }, e -> LOG.warnf("Could not audit a host key mismatch on server %d: %s", s.serverId, e.getMessage()));
            return SocketRefusal.policy("host_key_mismatch", f.getMessage());
        }
        if ("host_denied".equals(f.code())) {
            return SocketRefusal.policy(f.code(), f.getMessage());
        }
        return SocketRefusal.internal(f.code(), f.getMessage());
    }

    private Uni<Void> connected(TerminalSession s, ShellBridge bridge, long t0) {
        if (s.isEnded()) {
            bridge.stop();
            return endedWhileOpening(s);
        }
        Recorder recorder = config.recording().enabled()
                ? new Recorder(s.cols, s.rows, s.startedAt, config.recording().maxBytes(),
                        config.recording().recordInput())
                : null;
        s.attach(bridge, recorder, () -> recordings.flushIfFull(s), this::shellEnded);
        metrics.opened();
        metrics.openTook(System.nanoTime() - t0);
        LOG.infof("Terminal %s open: user %d on server %d", s.id, s.grant.user().id(), s.serverId);
        return store.audit(entry("terminal.open", s).with(meta("sessionId", s.id.toString(), "serverId",
                s.serverId, "cols", s.cols, "rows", s.rows, "recording", recorder != null)), s.origin)
                .chain(() -> s.ws.sendText(new JsonObject().put("type", "connected").put("sessionId", s.id.toString())
                        .put("cols", s.cols).put("rows", s.rows).encode()));
    }

    private Uni<Void> failed(TerminalSession s, Throwable e) {
        SocketRefusal r = e instanceof SocketRefusal tr
                ? tr
                : SocketRefusal.internal("internal_error", "the terminal could not be opened");
        if (!(e instanceof SocketRefusal)) {
            LOG.errorf(e, "Terminal on server %d could not be opened", s.serverId);
        }
        if (!s.markEnded(new TerminalSession.Ending("error", r.code(), r.closeCode(), false))) {
            return endedWhileOpening(s);
        }
        forget(s);
        Uni<Void> row = s.recorded
                ? store.close(s.id, "error", r.code(), s.bytesIn(), s.bytesOut(),
                        entry("terminal.open_failed", s).with(meta("sessionId", s.id.toString(),
                                "serverId", s.serverId, "code", r.code())),
                        s.origin).onFailure().recoverWithNull().replaceWithVoid()
                : Uni.createFrom().voidItem();
        return row.chain(() -> refuse(s.ws, r));
    }

    /** Out of the registry, SSH closed: what every ending does first. */
    private void forget(TerminalSession s) {
        byConnection.remove(s.ws.id());
        byId.remove(s.id);
        s.stopShell();
    }

    /**
     * The browser left while the session was opening: {@link #end} may have run before the row existed,
     * so the row is ended here (a second close of an ended row changes nothing).
     */
    private Uni<Void> endedWhileOpening(TerminalSession s) {
        TerminalSession.Ending how = s.ending;
        if (!s.recorded || how == null) {
            return Uni.createFrom().voidItem();
        }
        return store.close(s.id, how.status(), how.reason(), s.bytesIn(), s.bytesOut(), null, s.origin).onFailure()
                .recoverWithNull().replaceWithVoid();
    }

    private static Uni<Void> refuse(WebSocketConnection ws, SocketRefusal r) {
        if (!ws.isOpen()) {
            return Uni.createFrom().voidItem();
        }
        return error(ws, r.code(), r.getMessage()).onFailure().recoverWithNull()
                .chain(() -> ws.close(new CloseReason(r.closeCode(), r.code()))).onFailure().recoverWithNull()
                .replaceWithVoid();
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
                && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_FRAME) {
            return tooLarge(ws, s);
        }
        if (s == null) {
            return Uni.createFrom().voidItem();
        }
        JsonObject msg;
        try {
            msg = new JsonObject(text);
        } catch (RuntimeException e) {
            return error(ws, "bad_message",
                    "control messages are JSON objects, e.g. {\"type\":\"resize\",\"cols\":120,\"rows\":40}");
        }
        String type = msg.getValue("type") instanceof String t ? t : null;
        if ("resize".equals(type)) {
            Integer cols = whole(msg.getValue("cols"));
            Integer rows = whole(msg.getValue("rows"));
            if (!Handshake.validSize(cols) || !Handshake.validSize(rows)) {
                return error(ws, "bad_message",
                        "resize needs whole numbers cols and rows from 1 to " + Handshake.MAX_SIZE);
            }
            try {
                s.resize(cols, rows);
            } catch (IOException e) {
                return error(ws, "resize_failed", "the server did not take the new size");
            }
            return Uni.createFrom().voidItem();
        }
        if ("ping".equals(type)) {
            return ws.sendText("{\"type\":\"pong\"}");
        }
        return error(ws, "bad_message", type == null
                ? "a control message needs a string \"type\""
                : "unknown control message type " + abbreviate(type) + "; known: resize, ping");
    }

    /** The browser closed the socket (or the socket broke). */
    public Uni<Void> clientClosed(WebSocketConnection ws) {
        TerminalSession s = byConnection.get(ws.id());
        return s == null
                ? Uni.createFrom().voidItem()
                : end(s, new TerminalSession.Ending("closed", "client_closed", 1000, false));
    }

    private void shellEnded(TerminalSession s, Integer exitStatus, Throwable error) {
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
                ? s.ws.sendText(new JsonObject().put("type", "closed").put("reason", how.reason()).encode())
                        .onFailure().recoverWithNull()
                        .chain(() -> s.ws.close(new CloseReason(how.closeCode(), how.reason()))).onFailure()
                        .recoverWithNull().replaceWithVoid()
                : Uni.createFrom().voidItem();
        if (!s.recorded) {
            return tell;
        }
        long seconds = Duration.ofNanos(System.nanoTime() - s.startedNanos).toSeconds();
        AuditEntry audit = s.connected()
                ? entry("terminal.close", s)
                        .with(meta("sessionId", s.id.toString(), "serverId", s.serverId,
                                "reason", how.reason(), "durationSeconds", seconds, "bytesIn", s.bytesIn(), "bytesOut",
                                s.bytesOut()))
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
            access.recheck(s.grant.jwt()).subscribe().with(user -> {
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
     * {@code interrupted}. Runs at the very start of shutdown (the delay phase), before the HTTP server
     * waits for open requests — an open WebSocket is one, so waiting first would hold shutdown for the
     * whole graceful timeout.
     */
    void onShutdownStarts(@Observes ShutdownDelayInitiatedEvent event) {
        closeAllForShutdown();
    }

    /** In case shutdown skipped the delay phase: sessions already closed are not touched again. */
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        closeAllForShutdown();
    }

    private synchronized void closeAllForShutdown() {
        if (shuttingDown) {
            return;
        }
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

    private static AuditEntry entry(String action, TerminalSession s) {
        return AuditEntry.of(action).by(s.grant.user().id(), s.grant.user().username()).on("terminal_session", s.id);
    }

    private static Uni<Void> error(WebSocketConnection ws, String code, String message) {
        return ws.sendText(new JsonObject().put("type", "error").put("code", code).put("message", message).encode());
    }

    /** Audit meta from name/value pairs; null values are left out. */
    private static Map<String, Object> meta(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private static Integer whole(Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
