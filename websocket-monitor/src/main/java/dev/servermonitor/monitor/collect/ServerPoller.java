package dev.servermonitor.monitor.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.sshd.client.session.ClientSession;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.ssh.AsyncExec;
import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshFailure;
import dev.servermonitor.common.ssh.SshPurpose;
import dev.servermonitor.common.ssh.SshTarget;
import dev.servermonitor.monitor.sample.Sample;

/**
 * One server's collection: a persistent SSH session, one probe per poll, rates against the previous
 * reading, {@code offline} after {@link #OFFLINE_AFTER} failed polls in a row and {@code online} on
 * the first success, reconnects with exponential backoff (1 s doubling up to 60 s). Nothing here
 * blocks a thread; the caller never starts a poll before the last one has finished. Owns its SSH
 * session.
 */
public final class ServerPoller {

    static final int OFFLINE_AFTER = 3;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** More than any probe prints (a host with hundreds of mounts stays far below it). */
    static final int MAX_OUTPUT = 256 * 1024;

    /** What a poll produces. */
    public interface Listener {

        void sample(Sample sample);

        /** {@code online}, or {@code offline} with why. */
        void status(long serverId, String status, String error);
    }

    /**
     * SSH timeouts for one server; {@code keepalive}: three unanswered in a row and the session is
     * closed as dead, so the next poll reconnects instead of reusing it.
     */
    public record Timeouts(Duration connect, Duration auth, Duration poll, Duration keepalive) {
    }

    private final long serverId;
    private final Supplier<Uni<SshTarget>> target;
    private final SshConnector ssh;
    private final Timeouts timeouts;
    private final Listener listener;
    private final LongSupplier nanoTime;
    private final ConnectLimiter connects;

    private ClientSession session;
    private Reading previous;
    private Instant previousAt;
    private int failures;
    private String status = "unknown";
    private String lastError;
    private Duration backoff = Duration.ZERO;
    private long nextConnectNanos;
    private String lastConnectError;

    /**
     * @param target
     *            fetches the credentials anew for each connection (they may have changed)
     * @param nanoTime
     *            {@link System#nanoTime}, or a test's clock
     * @param connects
     *            shared by every poller: how many may be connecting at once
     */
    public ServerPoller(long serverId, Supplier<Uni<SshTarget>> target, SshConnector ssh, Timeouts timeouts,
            Listener listener, LongSupplier nanoTime, ConnectLimiter connects) {
        this.connects = connects;
        this.serverId = serverId;
        this.target = target;
        this.ssh = ssh;
        this.timeouts = timeouts;
        this.listener = listener;
        this.nanoTime = nanoTime;
    }

    /** One poll; completes (never fails) when it has reported what it found. */
    public synchronized Uni<Void> poll() {
        return session().chain(s -> AsyncExec.run(s, ProbeScript.COMMAND, MAX_OUTPUT, timeouts.poll()).map(r -> {
            try {
                return ProcParser.parse(r.stdout());
            } catch (ProcParser.UnreadableProbe e) {
                throw new PollFailure("the server's answer could not be read: " + e.getMessage());
            }
        })).onItem().invoke(this::succeeded).onFailure().invoke(this::failed).replaceWithVoid().onFailure()
                .recoverWithNull();
    }

    private Uni<ClientSession> session() {
        ClientSession s = session;
        if (s != null && s.isOpen()) {
            return Uni.createFrom().item(s);
        }
        session = null;
        long now = nanoTime.getAsLong();
        if (now < nextConnectNanos) {
            // the reason stays the connection's own, so "offline" says why and not merely that it waits
            return Uni.createFrom().failure(new PollFailure(lastConnectError + " (reconnecting in "
                    + Math.max(1, Duration.ofNanos(nextConnectNanos - now).toSeconds()) + " s)"));
        }
        return connects
                .run(() -> target.get()
                        .chain(t -> ssh.connectAsync(SshPurpose.MONITOR, t, timeouts.connect(), timeouts.auth(),
                                timeouts.keepalive())))
                .invoke(opened -> {
                    synchronized (this) {
                        session = opened;
                        backoff = Duration.ZERO;
                    }
                }).onFailure().invoke(e -> {
                    synchronized (this) {
                        lastConnectError = reason(e);
                        backoff = backoff.isZero() ? FIRST_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
                        nextConnectNanos = nanoTime.getAsLong() + backoff.toNanos();
                    }
                });
    }

    private synchronized void succeeded(Reading reading) {
        Instant at = Instant.now();
        Sample sample = Rates.sample(serverId, at, reading, previous, previousAt);
        previous = reading;
        previousAt = at;
        failures = 0;
        lastError = null;
        if (!"online".equals(status)) {
            status = "online";
            listener.status(serverId, status, null);
        }
        listener.sample(sample);
    }

    private synchronized void failed(Throwable e) {
        if (!(e instanceof PollFailure) && session != null) {
            // a broken or timed-out session is not reused
            session.close(true);
            session = null;
        }
        failures++;
        lastError = reason(e);
        if (failures >= OFFLINE_AFTER && !"offline".equals(status)) {
            status = "offline";
            listener.status(serverId, status, lastError);
        }
    }

    /**
     * Runs a command of the monitor's own on the session the polls use, beside them (another channel);
     * fails with {@link NotConnected} while there is no open session: it never connects for it.
     */
    public Uni<AsyncExec.Result> runOnOpenSession(String command, int maxBytes, Duration timeout) {
        ClientSession s;
        synchronized (this) {
            s = session;
        }
        if (s == null || !s.isOpen()) {
            return Uni.createFrom().failure(new NotConnected(
                    "the monitor has no open connection to this server now" + (lastError == null
                            ? ""
                            : " (" + lastError + ")")));
        }
        return AsyncExec.run(s, command, maxBytes, timeout);
    }

    /** Closes the SSH session (server deleted, shutdown). */
    public synchronized void close() {
        if (session != null) {
            session.close(true);
            session = null;
        }
    }

    public synchronized String status() {
        return status;
    }

    /** Why the last poll failed; null after a success. */
    public synchronized String lastError() {
        return lastError;
    }

    private static String reason(Throwable e) {
        if (e instanceof SshFailure f) {
            return f.code() + ": " + f.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * No SSH session to the server is open on this instance (offline, not polled, or not yet
     * connected).
     */
    public static final class NotConnected extends RuntimeException {

        public NotConnected(String message) {
            super(message, null, false, false);
        }
    }

    /** A poll that failed for a reason of its own (not SSH's). */
    static final class PollFailure extends RuntimeException {

        PollFailure(String message) {
            super(message, null, false, false);
        }
    }
}
