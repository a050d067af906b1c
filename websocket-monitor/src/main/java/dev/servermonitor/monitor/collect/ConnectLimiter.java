package dev.servermonitor.monitor.collect;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * At most {@code permits} connection attempts (credentials, TCP, key exchange, authentication) in
 * flight; the rest wait their turn without a thread. At start every server connects in the same few
 * seconds: unbounded, thousands of key exchanges would share two cores, each would overrun its
 * timeout, and every server would back off and try again together.
 */
public final class ConnectLimiter {

    private final int permits;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    public ConnectLimiter(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("at least one connection attempt must be allowed, not " + permits);
        }
        this.permits = permits;
    }

    /** No limit (tests of one poller). */
    public static ConnectLimiter unlimited() {
        return new ConnectLimiter(Integer.MAX_VALUE);
    }

    /** Runs {@code attempt} once a permit is free; the permit is returned however it ends. */
    public <T> Uni<T> run(Supplier<Uni<T>> attempt) {
        return Uni.createFrom().deferred(() -> {
            // 0 waiting, 1 holding a permit, 2 over (finished, failed or cancelled)
            AtomicInteger state = new AtomicInteger();
            Runnable[] ticket = new Runnable[1];
            return Uni.createFrom().<Void>emitter(e -> {
                ticket[0] = () -> {
                    if (state.compareAndSet(0, 1)) {
                        e.complete(null);
                    } else {
                        release(); // cancelled while it waited
                    }
                };
                waiting.add(ticket[0]);
                drain();
            }).chain(attempt::get).onTermination().invoke(() -> {
                int was = state.getAndSet(2);
                if (was == 1) {
                    release();
                } else if (was == 0 && ticket[0] != null) {
                    waiting.remove(ticket[0]);
                }
            });
        });
    }

    private void release() {
        inFlight.decrementAndGet();
        drain();
    }

    /** Attempts waiting for a permit. */
    public int waiting() {
        return waiting.size();
    }

    private void drain() {
        while (true) {
            int n = inFlight.get();
            if (n >= permits || waiting.isEmpty()) {
                return;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                Runnable next = waiting.poll();
                if (next == null) {
                    inFlight.decrementAndGet();
                    continue;
                }
                next.run();
            }
        }
    }
}
