package dev.servermonitor.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.config.CommonConfig;
import dev.servermonitor.common.db.DatabaseOutage;

/**
 * After the database was away, every instance's row is stale, the live ones' too: an instance may
 * judge others gone only once its own beats have gone through again for three intervals, by which
 * time every live instance has beaten as well.
 */
class InstanceHeartbeatTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final InstanceHeartbeat beats = new InstanceHeartbeat(new DatabaseWritableCheck(null, null) {

        @Override
        public Uni<CheckResult> check() {
            return databaseUp.get()
                    ? Uni.createFrom().item(CheckResult.ok("heartbeat written"))
                    : Uni.createFrom().failure(new IllegalStateException("database away"));
        }
    }, new DatabaseOutage(), null, config());

    @Test
    void reconcilesAfterAFirstGoodBeatButNotBeforeIt() {
        assertThat(beats.mayReconcile()).isFalse();
        beats.beat().await().indefinitely();
        assertThat(beats.mayReconcile()).isTrue();
    }

    @Test
    void afterAnOutageWaitsThreeIntervalsOfGoodBeats() throws InterruptedException {
        beats.beat().await().indefinitely();
        databaseUp.set(false);
        beats.beat().onFailure().recoverWithNull().await().indefinitely();
        assertThat(beats.mayReconcile()).isFalse();

        databaseUp.set(true);
        beats.beat().await().indefinitely();
        assertThat(beats.mayReconcile()).as("the others have not had time to beat again").isFalse();
        Thread.sleep(beats.staleAfter().toMillis() + 50);
        assertThat(beats.mayReconcile()).isTrue();
    }

    private static CommonConfig config() {
        return (CommonConfig) Proxy.newProxyInstance(CommonConfig.class.getClassLoader(),
                new Class<?>[]{CommonConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "heartbeatInterval" -> INTERVAL;
                    case "service" -> "test";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
