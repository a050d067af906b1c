package dev.servermonitor.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

class DatabaseFailuresTest {

    @Test
    void connectionLevelFailuresAreUnavailable() {
        assertThat(DatabaseFailures.unavailable(new ConnectException("Connection refused"))).isTrue();
        assertThat(DatabaseFailures.unavailable(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(DatabaseFailures.unavailable(new StatementDeadline.DeadlineExceeded(4500))).isTrue();
        assertThat(DatabaseFailures.unavailable(new RuntimeException(new io.vertx.core.impl.NoStackTraceThrowable(
                "Timeout")))).isTrue();
        // a pooled connection the database (or the network) closed, handed a command before the pool saw it
        assertThat(DatabaseFailures.unavailable(
                new io.vertx.core.VertxException("Connection is not active now, current status: CLOSED", true)))
                .isTrue();
        // shutting down, too many connections, statement_timeout
        for (String state : new String[]{"57P01", "53300", "57014", "08006"}) {
            assertThat(DatabaseFailures.unavailable(new PgException("x", "FATAL", state, null))).as(state).isTrue();
        }
    }

    @Test
    void aRefusedStatementIsNotAnOutage() {
        // unique violation, syntax error: the request's or the code's fault, never a 503
        assertThat(DatabaseFailures.unavailable(new PgException("dup", "ERROR", "23505", null))).isFalse();
        assertThat(DatabaseFailures.unavailable(new PgException("syntax", "ERROR", "42601", null))).isFalse();
        assertThat(DatabaseFailures.unavailable(new IllegalArgumentException("bad"))).isFalse();
    }

    @Test
    void onlyThePoolsDoubleCompletionIsRecognisedAsTheKnownRace() {
        IllegalStateException race = new IllegalStateException("Result is already complete");
        race.setStackTrace(new StackTraceElement[]{new StackTraceElement("io.vertx.core.Promise", "fail", null, 90),
                new StackTraceElement("io.vertx.sqlclient.impl.pool.SqlConnectionPool", "lambda$execute$8", null,
                        253)});
        assertThat(PoolTimerRace.isPoolTimerRace(race)).isTrue();
        IllegalStateException elsewhere = new IllegalStateException("Result is already complete");
        elsewhere.setStackTrace(new StackTraceElement[]{new StackTraceElement("io.vertx.core.Promise", "fail", null,
                90), new StackTraceElement("dev.servermonitor.Something", "run", null, 1)});
        assertThat(PoolTimerRace.isPoolTimerRace(elsewhere)).isFalse();
    }
}
