package dev.servermonitor.gateway.session;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.channel.PtyChannelConfigurationHolder;
import org.apache.sshd.common.channel.PtyMode;
import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.servermonitor.common.socket.SocketAccess;
import dev.servermonitor.common.socket.SocketRefusal;
import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshCredentials;
import dev.servermonitor.common.ssh.SshFailure;
import dev.servermonitor.common.ssh.SshKeys;
import dev.servermonitor.common.ssh.SshPurpose;
import dev.servermonitor.gateway.GatewayConfig;
import dev.servermonitor.gateway.recording.Recorder;
import dev.servermonitor.gateway.ssh.CredentialsClient;

/**
 * Opens a terminal, in order: handshake → access → room on this gateway → server → session row →
 * credentials → SSH and PTY → attached and announced. Any refusal on the way reaches the browser as
 * an {@code error} message and a close code with the reason; a session the browser left while it
 * was opening is ended here. Every other ending is {@link TerminalSessions}', which knows the
 * session from its handshake on.
 */
@ApplicationScoped
public class TerminalOpener {

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

    private static final Logger LOG = Logger.getLogger(TerminalOpener.class);

    private final TerminalSessions sessions;
    private final SocketAccess access;
    private final SessionStore store;
    private final RecordingFlusher recordings;
    private final CredentialsClient credentials;
    private final SshConnector ssh;
    private final GatewayConfig config;
    private final TerminalMetrics metrics;
    private final Vertx vertx;

    public TerminalOpener(TerminalSessions sessions, SocketAccess access, SessionStore store,
            RecordingFlusher recordings, CredentialsClient credentials, SshConnector ssh, GatewayConfig config,
            TerminalMetrics metrics, Vertx vertx) {
        this.sessions = sessions;
        this.access = access;
        this.store = store;
        this.recordings = recordings;
        this.credentials = credentials;
        this.ssh = ssh;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    public Uni<Void> open(WebSocketConnection ws) {
        long t0 = System.nanoTime();
        TerminalSession s;
        try {
            Handshake h = Handshake.of(ws);
            s = new TerminalSession(ws, h.serverId(), h.cols(), h.rows(), h.origin(), metrics);
        } catch (SocketRefusal r) {
            return TerminalMessages.refuse(ws, r);
        }
        sessions.opening(s);
        return access.check(ws.handshakeRequest()::header, ws.handshakeRequest().query()).chain(grant -> {
            s.granted(grant);
            sessions.checkRoom();
            return store.server(s.serverId);
        }).chain(server -> {
            if (server == null) {
                throw SocketRefusal.policy("unknown_server", "no server with id " + s.serverId);
            }
            if (!server.hostKeyTrusted()) {
                throw SocketRefusal.policy("host_key_untrusted",
                        "the server's host key has not been trusted yet; an admin trusts it first");
            }
            return store.open(new SessionStore.NewSession(s.id, s.grant().user().id(), s.grant().user().username(),
                    s.serverId, server.name(), s.origin.ip(), s.origin.userAgent(), s.cols(), s.rows(),
                    config.recording().enabled()), config.terminal().maxSessionsPerUser());
        }).invoke(() -> {
            s.rowOpened();
            sessions.register(s);
        }).chain(() -> credentials.forTerminal(s.serverId, s.grant().token()))
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
            pty.setPtyColumns(s.cols());
            pty.setPtyLines(s.rows());
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
            store.audit(s.audit("terminal.host_key_mismatch", "serverId", s.serverId, "sessionId", s.id.toString(),
                    "presented", f.presented() == null ? null : f.presented().fingerprint()), s.origin).subscribe()
                    .with(ok -> {
                    }, e -> LOG.warnf("Could not audit a host key mismatch on server %d: %s", s.serverId,
                            e.getMessage()));
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
                ? new Recorder(s.cols(), s.rows(), s.startedAt, config.recording().maxBytes(),
                        config.recording().recordInput())
                : null;
        s.attach(bridge, recorder, () -> recordings.flushIfFull(s), sessions::shellEnded);
        metrics.opened();
        metrics.openTook(System.nanoTime() - t0);
        LOG.infof("Terminal %s open: user %d on server %d", s.id, s.grant().user().id(), s.serverId);
        return store.audit(s.audit("terminal.open", "sessionId", s.id.toString(), "serverId", s.serverId, "cols",
                s.cols(), "rows", s.rows(), "recording", recorder != null), s.origin)
                .chain(() -> s.ws.sendText(TerminalMessages.connected(s.id, s.cols(), s.rows())));
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
        sessions.forget(s);
        Uni<Void> row = s.hasRow()
                ? store.close(s.id, "error", r.code(), s.bytesIn(), s.bytesOut(),
                        s.audit("terminal.open_failed", "sessionId", s.id.toString(), "serverId", s.serverId, "code",
                                r.code()),
                        s.origin).onFailure().recoverWithNull().replaceWithVoid()
                : Uni.createFrom().voidItem();
        return row.chain(() -> TerminalMessages.refuse(s.ws, r));
    }

    /**
     * The browser left while the session was opening: {@link TerminalSessions#end} may have run before
     * the row existed, so the row is ended here (a second close of an ended row changes nothing).
     */
    private Uni<Void> endedWhileOpening(TerminalSession s) {
        TerminalSession.Ending how = s.ending();
        if (!s.hasRow() || how == null) {
            return Uni.createFrom().voidItem();
        }
        return store.close(s.id, how.status(), how.reason(), s.bytesIn(), s.bytesOut(), null, s.origin).onFailure()
                .recoverWithNull().replaceWithVoid();
    }
}
