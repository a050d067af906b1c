package dev.servermonitor.monitor.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

import dev.servermonitor.common.socket.SocketAccess;
import dev.servermonitor.common.socket.SocketRefusal;
import dev.servermonitor.monitor.MonitorConfig;
import dev.servermonitor.monitor.sample.Sample;

/**
 * Every open {@code /ws/monitor} socket and the latest word on every server. A sample or status is
 * serialised once and offered to the sockets that watch its server (indexed by server, so a sample
 * touches only its watchers); each socket conflates on its own, so one slow socket never holds up
 * the collector or another socket.
 */
@ApplicationScoped
public class Hub implements MonitorClient.Delivered {

    private static final Logger LOG = Logger.getLogger(Hub.class);

    /** What the hub knows about one server; mutable, guarded by itself. */
    private static final class ServerState {

        final long id;
        String name;
        String status;
        String error;
        Instant lastSeen;
        String sample;

        ServerState(long id) {
            this.id = id;
        }

        synchronized Messages.SnapshotEntry entry() {
            return new Messages.SnapshotEntry(id, name, status, error, lastSeen, sample);
        }
    }

    private final Messages messages;
    private final StreamMetrics metrics;
    private final MonitorConfig.Stream config;

    private final Map<String, MonitorClient> clients = new ConcurrentHashMap<>();
    /** Admitted sockets that watch every server. */
    private final Set<MonitorClient> watchingAll = ConcurrentHashMap.newKeySet();
    /** Admitted sockets that watch a chosen few, by server. */
    private final Map<Long, Set<MonitorClient>> watching = new ConcurrentHashMap<>();
    private final Map<Long, Integer> perUser = new ConcurrentHashMap<>();
    private final Map<Long, ServerState> servers = new ConcurrentHashMap<>();

    public Hub(Messages messages, StreamMetrics metrics, MonitorConfig config) {
        this.messages = messages;
        this.metrics = metrics;
        this.config = config.stream();
        metrics.sockets(clients::size);
    }

    // ---- sockets ----

    /** A socket opened; nothing is sent to it before {@link #admit}. */
    void open(WebSocketConnection connection) {
        clients.put(connection.id(), new MonitorClient(connection, System::nanoTime, this));
    }

    /** Access granted: checks the socket caps, then sends the snapshot and starts streaming. */
    void admit(WebSocketConnection connection, SocketAccess.Grant grant) {
        MonitorClient c = clients.get(connection.id());
        if (c == null) {
            return;
        }
        long user = grant.user().id();
        if (admitted() >= config.maxSockets()) {
            throw SocketRefusal.policy("too_many_sockets",
                    "this monitor has " + config.maxSockets() + " live stats sockets open, its limit");
        }
        boolean[] over = {false};
        perUser.compute(user, (k, n) -> {
            int open = n == null ? 0 : n;
            if (open >= config.maxSocketsPerUser()) {
                over[0] = true;
                return n;
            }
            return open + 1;
        });
        if (over[0]) {
            throw SocketRefusal.policy("too_many_sockets",
                    "at most " + config.maxSocketsPerUser() + " live stats sockets per user are open at once");
        }
        synchronized (c) {
            // the snapshot is taken before the socket joins the watchers, and both happen before any later
            // message can be queued for it: admit() puts the snapshot ahead of everything
            c.admit(grant, snapshot(c.filter()));
            watch(c, c.filter());
        }
    }

    private long admitted() {
        return perUser.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Narrows (or widens, null = all) what a socket watches and confirms it. */
    void subscribe(WebSocketConnection connection, Set<Long> serverIds) {
        MonitorClient c = clients.get(connection.id());
        if (c == null) {
            return;
        }
        synchronized (c) {
            unwatch(c);
            c.filter(serverIds);
            if (c.grant() != null) {
                watch(c, serverIds);
            }
        }
        c.send(Outgoing.reply(messages.subscribed(serverIds)));
    }

    void reply(WebSocketConnection connection, String json) {
        MonitorClient c = clients.get(connection.id());
        if (c != null) {
            c.send(Outgoing.reply(json));
        }
    }

    /** Sends an error and closes with its code (a refusal, a frame too large). */
    void refuse(WebSocketConnection connection, String code, String message, int closeCode) {
        MonitorClient c = clients.get(connection.id());
        String json = messages.error(code, message);
        CloseReason reason = new CloseReason(closeCode, code);
        if (c != null) {
            c.closeAfter(json, reason);
        } else {
            connection.sendText(json).onFailure().recoverWithNull().chain(() -> connection.close(reason)).subscribe()
                    .with(v -> {
                    }, e -> {
                    });
        }
    }

    /** The socket is gone, however it closed. */
    void closed(WebSocketConnection connection) {
        MonitorClient c = clients.remove(connection.id());
        if (c == null) {
            return;
        }
        unwatch(c);
        SocketAccess.Grant g = c.grant();
        if (g != null) {
            perUser.computeIfPresent(g.user().id(), (k, n) -> n <= 1 ? null : n - 1);
        }
        c.close(new CloseReason(CloseReason.NORMAL.getCode()));
    }

    private void watch(MonitorClient c, Set<Long> serverIds) {
        if (serverIds == null) {
            watchingAll.add(c);
        } else {
            serverIds.forEach(id -> watching.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(c));
        }
    }

    private void unwatch(MonitorClient c) {
        watchingAll.remove(c);
        Set<Long> f = c.filter();
        if (f != null) {
            f.forEach(id -> watching.computeIfPresent(id, (k, set) -> {
                set.remove(c);
                return set.isEmpty() ? null : set;
            }));
        }
    }

    /**
     * The admitted sockets grouped by the token they opened with (one user's tabs usually share one),
     * for the periodic access recheck.
     */
    Map<String, List<MonitorClient>> byToken() {
        Map<String, List<MonitorClient>> tokens = new HashMap<>();
        for (MonitorClient c : clients.values()) {
            SocketAccess.Grant g = c.grant();
            if (g != null && !c.isClosed()) {
                tokens.computeIfAbsent(g.token(), k -> new ArrayList<>()).add(c);
            }
        }
        return tokens;
    }

    /** Closes every socket whose oldest waiting message has waited longer than the stall timeout. */
    void closeStalled() {
        long now = System.nanoTime();
        long limit = config.stallTimeout().toNanos();
        for (MonitorClient c : clients.values()) {
            if (c.stalledNanos(now) > limit) {
                metrics.stalledClosed();
                LOG.infof("closing a live stats socket of user %s: it has not taken messages for %s",
                        c.grant() == null ? "?" : c.grant().user().id(), config.stallTimeout());
                c.close(new CloseReason(StreamCodes.TOO_SLOW, "too_slow"));
            }
        }
    }

    /** Shutdown: every socket is told and closed with 1001. */
    public void closeAll() {
        String last = Messages.closed("shutdown");
        for (MonitorClient c : new ArrayList<>(clients.values())) {
            c.closeAfter(last, new CloseReason(1001, "shutdown"));
        }
    }

    // ---- what the collector and the alerts report ----

    /**
     * The servers as central-api's table has them: names and the stored status of those not polled
     * here.
     */
    public void known(long id, String name, String status, Instant lastSeen) {
        ServerState s = servers.computeIfAbsent(id, ServerState::new);
        synchronized (s) {
            s.name = name;
            if (s.status == null) {
                s.status = status;
                s.lastSeen = lastSeen;
            }
        }
    }

    public void removed(long id) {
        if (servers.remove(id) != null) {
            deliver(id, null, Outgoing.reply(messages.removed(id)));
        }
    }

    public void stats(Sample sample) {
        String json = messages.sample(sample);
        ServerState s = servers.computeIfAbsent(sample.serverId(), ServerState::new);
        synchronized (s) {
            s.sample = json;
            s.lastSeen = sample.ts();
        }
        deliver(sample.serverId(), "s", new Outgoing(Messages.stats(json), System.nanoTime()));
    }

    public void status(long serverId, String status, String error, Instant at) {
        ServerState s = servers.computeIfAbsent(serverId, ServerState::new);
        synchronized (s) {
            s.status = status;
            s.error = error;
        }
        deliver(serverId, "t", new Outgoing(messages.status(serverId, status, error, at), System.nanoTime()));
    }

    /** An alert event (already JSON), to every socket watching its server; never conflated. */
    public void alert(long serverId, String json) {
        deliver(serverId, null, Outgoing.reply(json));
    }

    /** The latest sample's JSON for a server, or null. */
    public String latestSample(long serverId) {
        ServerState s = servers.get(serverId);
        if (s == null) {
            return null;
        }
        synchronized (s) {
            return s.sample;
        }
    }

    private void deliver(long serverId, String kind, Outgoing message) {
        String key = kind == null ? null : kind + serverId;
        for (MonitorClient c : watchingAll) {
            offer(c, key, message);
        }
        Set<MonitorClient> few = watching.get(serverId);
        if (few != null) {
            for (MonitorClient c : few) {
                offer(c, key, message);
            }
        }
    }

    private static void offer(MonitorClient c, String key, Outgoing message) {
        if (key == null) {
            c.send(message);
        } else {
            c.offer(key, message);
        }
    }

    private String snapshot(Set<Long> filter) {
        List<Messages.SnapshotEntry> entries = new ArrayList<>();
        Set<Long> wanted = filter == null ? null : new HashSet<>(filter);
        for (ServerState s : servers.values()) {
            if (wanted == null || wanted.contains(s.id)) {
                entries.add(s.entry());
            }
        }
        entries.sort(Comparator.comparingLong(Messages.SnapshotEntry::serverId));
        return messages.snapshot(entries);
    }

    // ---- MonitorClient.Delivered ----

    @Override
    public void delivered(MonitorClient client, List<Outgoing> batch, long nowNanos) {
        for (Outgoing o : batch) {
            if (o.publishedNanos() != 0) {
                metrics.delivered(nowNanos - o.publishedNanos());
            }
        }
    }

    @Override
    public void failed(MonitorClient client, Throwable error) {
        // the socket is closing or gone; onClose cleans up
        client.close(new CloseReason(CloseReason.NORMAL.getCode()));
    }

    @Override
    public void conflated(MonitorClient client) {
        metrics.conflated();
    }
}
