package dev.servermonitor.monitor.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

import dev.servermonitor.common.socket.SocketAccess;

/**
 * One open {@code /ws/monitor} socket: who it is, what it watches, and what is waiting to be sent.
 * Stats and status are conflated, keyed by (kind, server): a slow client gets the latest value per
 * server instead of a growing queue. Replies and alerts are never dropped but are bounded; past
 * {@link #MAX_ORDERED} waiting the client counts as stalled. At most one batch of writes is in
 * flight, so a stalled TCP connection holds only that batch, never the collector.
 */
final class MonitorClient {

    static final int MAX_ORDERED = 1_000;

    /** What the hub learns from one finished batch. */
    interface Delivered {

        void delivered(MonitorClient client, List<Outgoing> batch, long nowNanos);

        void failed(MonitorClient client, Throwable error);

        void conflated(MonitorClient client);
    }

    private final WebSocketConnection connection;
    private final LongSupplier nanoTime;
    private final Delivered delivered;

    private SocketAccess.Grant grant;
    private Set<Long> filter;
    private final ArrayDeque<Outgoing> ordered = new ArrayDeque<>();
    private final LinkedHashMap<String, Outgoing> latest = new LinkedHashMap<>();
    private boolean ready;
    private boolean sending;
    private boolean closed;
    /** When the oldest message still waiting or in flight was queued; 0 when nothing waits. */
    private long waitingSince;

    MonitorClient(WebSocketConnection connection, LongSupplier nanoTime, Delivered delivered) {
        this.connection = connection;
        this.nanoTime = nanoTime;
        this.delivered = delivered;
    }

    synchronized SocketAccess.Grant grant() {
        return grant;
    }

    /** null = every server the user may see. */
    synchronized Set<Long> filter() {
        return filter;
    }

    synchronized void filter(Set<Long> serverIds) {
        this.filter = serverIds == null ? null : Set.copyOf(serverIds);
    }

    /** Let in: the snapshot goes out first, then whatever was answered while access was checked. */
    void admit(SocketAccess.Grant grant, String snapshot) {
        synchronized (this) {
            if (closed) {
                return;
            }
            this.grant = grant;
            ordered.addFirst(Outgoing.reply(snapshot));
            ready = true;
            mark();
        }
        kick();
    }

    /** A reply or an alert: never conflated. */
    void send(Outgoing message) {
        synchronized (this) {
            if (closed) {
                return;
            }
            ordered.add(message);
            mark();
        }
        kick();
    }

    /** A stats or status message: replaces an unsent one with the same key. */
    void offer(String key, Outgoing message) {
        boolean replaced;
        synchronized (this) {
            if (closed) {
                return;
            }
            replaced = latest.put(key, message) != null;
            mark();
        }
        if (replaced) {
            delivered.conflated(this);
        }
        kick();
    }

    /** How long the oldest waiting message has waited, in nanoseconds; 0 when none waits. */
    synchronized long stalledNanos(long now) {
        if (ordered.size() > MAX_ORDERED) {
            return Long.MAX_VALUE;
        }
        return waitingSince == 0 ? 0 : now - waitingSince;
    }

    /** Stops sending; the connection is closed with {@code reason} unless it already is. */
    void close(CloseReason reason) {
        if (!markClosed()) {
            return;
        }
        if (connection.isOpen()) {
            connection.close(reason).subscribe().with(v -> {
            }, e -> {
            });
        }
    }

    /** Sends {@code last} and then closes, for refusals and shutdown. */
    void closeAfter(String last, CloseReason reason) {
        if (!markClosed()) {
            return;
        }
        connection.sendText(last).onFailure().recoverWithNull().chain(() -> connection.close(reason)).subscribe()
                .with(v -> {
                }, e -> {
                });
    }

    /** Drops what waits; false when it was closed already. */
    private synchronized boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        ordered.clear();
        latest.clear();
        return true;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private void mark() {
        if (waitingSince == 0) {
            waitingSince = nanoTime.getAsLong();
        }
    }

    /** Starts a batch unless one is in flight or the client is not let in yet. */
    private void kick() {
        List<Outgoing> batch;
        synchronized (this) {
            if (!ready || sending || closed || (ordered.isEmpty() && latest.isEmpty())) {
                return;
            }
            sending = true;
            batch = new ArrayList<>(ordered.size() + latest.size());
            batch.addAll(ordered);
            batch.addAll(latest.values());
            ordered.clear();
            latest.clear();
        }
        write(batch);
    }

    private void write(List<Outgoing> batch) {
        int[] left = {batch.size()};
        Throwable[] failure = {null};
        for (Outgoing o : batch) {
            connection.sendText(o.json()).subscribe().with(v -> finished(batch, left, failure, null),
                    e -> finished(batch, left, failure, e));
        }
    }

    private void finished(List<Outgoing> batch, int[] left, Throwable[] failure, Throwable error) {
        synchronized (this) {
            if (error != null && failure[0] == null) {
                failure[0] = error;
            }
            if (--left[0] > 0) {
                return;
            }
            sending = false;
            waitingSince = ordered.isEmpty() && latest.isEmpty() ? 0 : nanoTime.getAsLong();
        }
        if (failure[0] != null) {
            delivered.failed(this, failure[0]);
            return;
        }
        delivered.delivered(this, batch, nanoTime.getAsLong());
        kick();
    }
}
