package dev.servermonitor.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import dev.servermonitor.common.testing.DatabaseProxy;
import dev.servermonitor.common.testing.TestDatabase;

/**
 * Every statement sent through the bounded pool is timed once under its name, on each way Vert.x
 * answers (a callback, a future, the deadline), against the real PostgreSQL.
 */
class StatementTimingTest {

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DatabaseProxy proxy = new DatabaseProxy();

    @AfterEach
    void close() {
        proxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The pool, through the proxy, bounded as PoolTimeouts does it, with short deadlines. */
    private Pool pool() {
        PgConnectOptions connect = new PgConnectOptions().setHost("127.0.0.1").setPort(proxy.port())
                .setDatabase(TestDatabase.name("central_api")).setUser("servermonitor_test")
                .setPassword("servermonitor_test");
        Pool bare = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect).using(vertx).build();
        return StatementDeadline.bound(bare, vertx, 1_500, 1_000, new DatabaseOutage(),
                new QueryMetrics(registry, 10_000));
    }

    @Test
    void aCallbackAFutureAndAMappedStatementAreEachTimedOnceByName() throws Exception {
        Pool pool = pool();
        CompletableFuture<AsyncResult<RowSet<Row>>> callback = new CompletableFuture<>();
        pool.preparedQuery("select relname from pg_class where relname = $1")
                .execute(io.vertx.sqlclient.Tuple.of("pg_class"), callback::complete);
        assertThat(callback.get(10, TimeUnit.SECONDS).succeeded()).isTrue();

        pool.query("select count(*) from pg_namespace").execute().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        Long one = pool.preparedQuery("select 1 as one from pg_am limit 1").mapping(r -> r.getLong("one")).execute()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next();
        assertThat(one).isEqualTo(1L);

        assertThat(timer("select pg_class", "ok").count()).isEqualTo(1);
        assertThat(timer("select pg_namespace", "ok").count()).isEqualTo(1);
        assertThat(timer("select pg_am", "ok").count()).as("the name survives mapping(…)").isEqualTo(1);
    }

    @Test
    void aRefusedStatementIsTimedAsFailedAndAnUnansweredOneAsUnavailableAtItsDeadline() throws Exception {
        Pool pool = pool();
        Throwable refused = pool.query("select no_such_column from pg_class").execute().toCompletionStage()
                .toCompletableFuture().handle((r, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(refused).as("a statement PostgreSQL refuses").isNotNull();
        assertThat(DatabaseUnavailableException.in(refused)).isFalse();
        assertThat(timer("select pg_class", "failed").count()).isEqualTo(1);

        proxy.freeze();
        long t0 = System.nanoTime();
        Throwable unanswered = pool.query("select count(*) from pg_tables").execute().toCompletionStage()
                .toCompletableFuture().handle((r, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(DatabaseUnavailableException.in(unanswered)).as("%s", unanswered).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(1_000L, 5_000L);
        Timer t = timer("select pg_tables", "unavailable");
        assertThat(t.count()).isEqualTo(1);
        assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1_000);
        proxy.resume();
        // the late answer, when it comes, is not counted again
        Thread.sleep(300);
        assertThat(registry.find(QueryMetrics.QUERY_SECONDS).tag("query", "select pg_tables").timers())
                .hasSize(1).allSatisfy(x -> assertThat(x.count()).isEqualTo(1));
    }

    private Timer timer(String query, String outcome) {
        Timer t = registry.find(QueryMetrics.QUERY_SECONDS).tags("query", query, "outcome", outcome).timer();
        assertThat(t).as("%s %s; have %s", query, outcome, registry.getMetersAsString()).isNotNull();
        return Objects.requireNonNull(t);
    }
}
