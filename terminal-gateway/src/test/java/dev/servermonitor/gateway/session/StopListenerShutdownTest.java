package dev.servermonitor.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

import dev.servermonitor.common.schema.SchemaMigrated;
import dev.servermonitor.common.testing.DatabaseProxy;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestDatabase;

/**
 * The stop listener's connection to the real PostgreSQL is gone when its shutdown returns, before
 * Quarkus stops Vert.x, even when the database is slow to answer the goodbye: a connection still
 * closing then was closed on a stopped event loop, and the packaged gateway logged an ERROR after
 * "stopped".
 */
class StopListenerShutdownTest {

    private static final String SERVICE = "terminal_gateway";

    private final DataSource db = TestDatabase.of(SERVICE);
    private final Vertx vertx = Vertx.vertx();
    private final DatabaseProxy proxy = new DatabaseProxy();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        proxy.close();
    }

    @Test
    void itsConnectionIsClosedWhenShutdownReturns() {
        String url = "postgresql://127.0.0.1:" + proxy.port() + "/" + TestDatabase.name(SERVICE);
        StopListener listener = new StopListener(null, vertx, "vertx-reactive:" + url, "servermonitor_test",
                "servermonitor_test");

        // a gateway started by another test may be listening on the same database
        Set<Object> before = backends();
        listener.onStart(new SchemaMigrated());
        // listening, not only connected: a connection whose LISTEN has not answered yet is another case
        Set<Object> ours = await().atMost(Duration.ofSeconds(10)).until(() -> {
            // (the listener's ping, every 2 s, is sent on the same connection once LISTEN has answered)
            Set<Object> now = backends(" and state = 'idle' and (query ilike 'listen%' or query = 'select 1')");
            now.removeAll(before);
            return now;
        }, now -> now.size() == 1);

        // the goodbye reaches PostgreSQL 300 ms late
        proxy.freeze();
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(proxy::resume);
        long start = System.nanoTime();
        listener.onShutdown(null);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        // no waiting here: that is the point
        assertThat(backends()).as("its backend after its shutdown (which took %d ms)", tookMs)
                .doesNotContainAnyElementsOf(ours);
        assertThat(tookMs).as("shutdown waited for the database, not for its bound").isLessThan(1_500);
    }

    /** The pids of the stop listeners' backends on the test database. */
    private Set<Object> backends() {
        return backends("");
    }

    /** The same, in the state the condition adds. */
    private Set<Object> backends(String condition) {
        return DbRows
                .query(db, "select pid from pg_stat_activity where datname = ? and application_name = ?" + condition,
                        TestDatabase.name(SERVICE), StopListener.APPLICATION_NAME)
                .stream().map(r -> r.get("pid"))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
