package dev.servermonitor.monitor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

class ConnectLimiterTest {

    private final List<UniEmitter<? super String>> running = new ArrayList<>();
    private final AtomicInteger started = new AtomicInteger();

    private Uni<String> attempt() {
        return Uni.createFrom().emitter(e -> {
            started.incrementAndGet();
            running.add(e);
        });
    }

    @Test
    void onlyThePermittedNumberRunAtOnceAndTheNextStartsWhenOneEnds() {
        ConnectLimiter limiter = new ConnectLimiter(2);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            limiter.run(this::attempt).subscribe().with(done::add, e -> done.add("failed"));
        }
        assertThat(started).hasValue(2);
        assertThat(limiter.waiting()).isEqualTo(3);
        running.remove(0).complete("a");
        assertThat(started).hasValue(3);
        running.remove(0).fail(new IllegalStateException("refused"));
        assertThat(started).hasValue(4);
        running.remove(0).complete("c");
        running.remove(0).complete("d");
        assertThat(started).hasValue(5);
        running.remove(0).complete("e");
        assertThat(done).containsExactly("a", "failed", "c", "d", "e");
        assertThat(limiter.waiting()).isZero();
    }

    @Test
    void aCancelledWaiterGivesUpItsPlaceAndACancelledRunnerItsPermit() {
        ConnectLimiter limiter = new ConnectLimiter(1);
        Cancellable first = limiter.run(this::attempt).subscribe().with(v -> {
        });
        Cancellable second = limiter.run(this::attempt).subscribe().with(v -> {
        });
        limiter.run(this::attempt).subscribe().with(v -> {
        });
        assertThat(started).hasValue(1);
        second.cancel();
        assertThat(limiter.waiting()).isEqualTo(1);
        first.cancel();
        assertThat(started).hasValue(2); // the third, not the cancelled second
        assertThat(limiter.waiting()).isZero();
    }
}
