package dev.servermonitor.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import dev.servermonitor.common.testing.TestDatabase;

/**
 * What the client-side deadline on every database answer costs a query (docs/performance.md): the
 * same prepared statement, one at a time and 16 in flight, through the bare pool and through the
 * one {@link StatementDeadline} wraps, against the real PostgreSQL, alternating rounds after
 * warm-up.
 */
@Tag("benchmark")
class StatementDeadlineBenchmark {

    private static final int QUERIES = 20_000;
    private static final int ROUNDS = 3;

    private final Vertx vertx = Vertx.vertx();

    @Test
    void theDeadlineAddsLittleToAQuery() throws Exception {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(Objects.requireNonNullElse(System.getenv("DB_HOST"), "127.0.0.1"))
                .setPort(Integer.parseInt(Objects.requireNonNullElse(System.getenv("DB_PORT"), "5432")))
                .setDatabase(TestDatabase.name("central_api")).setUser("servermonitor_test")
                .setPassword("servermonitor_test").setCachePreparedStatements(true);
        Pool bare = PgBuilder.pool().with(new PoolOptions().setMaxSize(16)).connectingTo(connect).using(vertx)
                .build();
        Pool bounded = StatementDeadline.bound(bare, vertx, 4_500, 3_500, new DatabaseOutage(),
                new QueryMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), 500));
        try {
            for (Pool p : List.of(bare, bounded)) {
                run(p, QUERIES / 4, 1);
                run(p, QUERIES / 4, 16);
            }
            for (int inFlight : new int[]{1, 16}) {
                long bareBest = Long.MAX_VALUE;
                long boundedBest = Long.MAX_VALUE;
                for (int r = 0; r < ROUNDS; r++) {
                    bareBest = Math.min(bareBest, run(bare, QUERIES, inFlight));
                    boundedBest = Math.min(boundedBest, run(bounded, QUERIES, inFlight));
                }
                double bareUs = bareBest / 1e3 / QUERIES;
                double boundedUs = boundedBest / 1e3 / QUERIES;
                System.out.printf("deadline: %d in flight, %.1f µs a query bare, %.1f µs bounded (%+.1f µs)%n",
                        inFlight, bareUs, boundedUs, boundedUs - bareUs);
                // a timer set and cancelled per answer: microseconds, next to a round trip of tens of them
                assertThat(boundedUs - bareUs).isLessThan(Math.max(20, bareUs * 0.25));
            }
        } finally {
            bare.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Nanoseconds for {@code n} queries, {@code inFlight} at a time. */
    private long run(Pool pool, int n, int inFlight) throws Exception {
        long t0 = System.nanoTime();
        List<Future<?>> chains = new ArrayList<>();
        for (int c = 0; c < inFlight; c++) {
            Promise<Void> done = Promise.promise();
            vertx.runOnContext(v -> chain(pool, n / inFlight, done));
            chains.add(done.future());
        }
        Future.all(chains).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        return System.nanoTime() - t0;
    }

    /**
     * One query after another; each next one from the event loop afresh, so the stack does not grow.
     */
    private void chain(Pool pool, int left, Promise<Void> done) {
        if (left == 0) {
            done.complete();
            return;
        }
        pool.preparedQuery("select $1::int + 1").execute(Tuple.of(left)).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
            } else {
                vertx.runOnContext(v -> chain(pool, left - 1, done));
            }
        });
    }
}
