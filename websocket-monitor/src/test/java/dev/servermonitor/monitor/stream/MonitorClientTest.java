package dev.servermonitor.monitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.socket.SocketAccess;

/**
 * Conflation and stall detection of one socket. The connection is a stand-in whose writes complete
 * only when the test says so: a stalled browser can only be made real by filling megabytes of
 * loopback socket buffers, which says nothing more about the logic under test.
 */
class MonitorClientTest {

    /**
     * Writes that stay pending until {@link #completeAll()}, as on a socket whose peer stopped reading.
     */
    private static final class StalledConnection {

        final List<String> written = new CopyOnWriteArrayList<>();
        final List<UniEmitter<? super Void>> pending = new CopyOnWriteArrayList<>();

        WebSocketConnection proxy() {
            return (WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{WebSocketConnection.class}, (p, method, args) -> switch (method.getName()) {
                        case "sendText" -> Uni.createFrom().<Void>emitter(e -> {
                            written.add((String) args[0]);
                            pending.add(e);
                        });
                        case "isOpen" -> true;
                        case "id" -> "test";
                        case "close" -> Uni.createFrom().voidItem();
                        case "hashCode" -> System.identityHashCode(p);
                        case "equals" -> p == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        void completeAll() {
            List<UniEmitter<? super Void>> now = List.copyOf(pending);
            pending.clear();
            now.forEach(e -> e.complete(null));
        }
    }

    private final AtomicInteger conflated = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1);
    private final MonitorClient.Delivered listener = new MonitorClient.Delivered() {

        @Override
        public void delivered(MonitorClient client, List<Outgoing> batch, long nowNanos) {
            delivered.addAndGet(batch.size());
        }

        @Override
        public void failed(MonitorClient client, Throwable error) {
        }

        @Override
        public void conflated(MonitorClient client) {
            conflated.incrementAndGet();
        }
    };

    private static SocketAccess.Grant grant() {
        return new SocketAccess.Grant(new CurrentUser(7, "viewer7", "viewer"), null, "t");
    }

    @Test
    void aStalledClientKeepsOnlyTheLatestSamplePerServerAndGetsItWhenItReadsAgain() {
        StalledConnection conn = new StalledConnection();
        MonitorClient c = new MonitorClient(conn.proxy(), clock::get, listener);
        c.admit(grant(), "{\"type\":\"snapshot\"}");
        assertThat(conn.written).containsExactly("{\"type\":\"snapshot\"}"); // in flight, never completes yet

        for (int i = 1; i <= 100; i++) {
            c.offer("s1", new Outgoing("{\"server\":1,\"n\":" + i + "}", 1));
            c.offer("s2", new Outgoing("{\"server\":2,\"n\":" + i + "}", 1));
        }
        c.send(Outgoing.reply("{\"type\":\"alert\",\"n\":1}"));
        c.send(Outgoing.reply("{\"type\":\"alert\",\"n\":2}"));
        assertThat(conn.written).hasSize(1);
        assertThat(conflated).hasValue(198);

        conn.completeAll();
        // alerts in order and never dropped, then one message per server: the newest
        assertThat(conn.written).containsExactly("{\"type\":\"snapshot\"}", "{\"type\":\"alert\",\"n\":1}",
                "{\"type\":\"alert\",\"n\":2}", "{\"server\":1,\"n\":100}", "{\"server\":2,\"n\":100}");
        conn.completeAll();
        assertThat(delivered).hasValue(5);
    }

    @Test
    void nothingIsSentBeforeTheClientIsAdmittedAndTheSnapshotGoesFirst() {
        StalledConnection conn = new StalledConnection();
        MonitorClient c = new MonitorClient(conn.proxy(), clock::get, listener);
        c.send(Outgoing.reply("{\"type\":\"subscribed\"}"));
        assertThat(conn.written).isEmpty();
        c.admit(grant(), "{\"type\":\"snapshot\"}");
        assertThat(conn.written).containsExactly("{\"type\":\"snapshot\"}", "{\"type\":\"subscribed\"}");
    }

    @Test
    void howLongTheOldestMessageWaitedIsWhatMakesAClientStalled() {
        StalledConnection conn = new StalledConnection();
        MonitorClient c = new MonitorClient(conn.proxy(), clock::get, listener);
        c.admit(grant(), "{}");
        clock.set(1_000);
        assertThat(c.stalledNanos(clock.get())).isEqualTo(999); // the snapshot has waited since 1
        conn.completeAll();
        assertThat(c.stalledNanos(clock.get())).isZero();
        c.offer("s1", new Outgoing("{}", 1));
        clock.set(5_000);
        c.offer("s1", new Outgoing("{}", 1)); // conflating does not reset the wait
        assertThat(c.stalledNanos(6_000)).isEqualTo(5_000);
        for (int i = 0; i <= MonitorClient.MAX_ORDERED; i++) {
            c.send(Outgoing.reply("{}"));
        }
        assertThat(c.stalledNanos(6_000)).isEqualTo(Long.MAX_VALUE);
    }
}
