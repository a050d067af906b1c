package dev.servermonitor.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.ApiFixtures;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ProxiedDatabaseResource;
import dev.servermonitor.monitor.alert.AlertEvent;
import dev.servermonitor.monitor.alert.AlertStore;
import dev.servermonitor.monitor.alert.Severity;
import dev.servermonitor.monitor.sample.Sample;

/**
 * What the monitor collects while its database is away is kept, not lost: samples wait in the
 * bounded buffer and alert transitions in order, and both are stored once the database answers.
 */
@QuarkusTest
@QuarkusTestResource(value = ProxiedDatabaseResource.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = "service", value = "websocket_monitor"))
class OutageHoldTest {

    @Inject
    DataSource db;

    @Inject
    SampleWriter writer;

    @Inject
    AlertStore alerts;

    @AfterEach
    void databaseBack() {
        ProxiedDatabaseResource.proxy().resume();
    }

    @Test
    void samplesCollectedDuringAnOutageAreWrittenWhenItEnds() {
        long server = new ApiFixtures(db).server(22, "hold-" + UUID.randomUUID().toString().substring(0, 8),
                "{\"password\":\"x\"}");
        Instant start = Instant.now().minusSeconds(300);
        ProxiedDatabaseResource.proxy().down();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            samples.add(sample(server, start.plusSeconds(i)));
        }
        samples.forEach(writer::add);
        // a flush (this one or the periodic one) fails on the missing database and puts the batch back
        writer.flush().await().atMost(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(
                () -> assertThat(writer.pending()).as("held, not dropped").isGreaterThanOrEqualTo(30));
        assertThat(count("select count(*) from metric_samples where server_id = ?", server)).isZero();

        ProxiedDatabaseResource.proxy().resume();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            writer.flush().await().atMost(Duration.ofSeconds(10));
            return count("select count(*) from metric_samples where server_id = ?", server) == 30;
        });
    }

    @Test
    void alertTransitionsDuringAnOutageAreStoredInOrderWhenItEnds() {
        long server = new ApiFixtures(db).server(22, "hold-" + UUID.randomUUID().toString().substring(0, 8),
                "{\"password\":\"x\"}");
        ProxiedDatabaseResource.proxy().down();
        Instant at = Instant.now();
        alerts.record(List.of(new AlertEvent(AlertEvent.Kind.OPENED, server, "cpu", Severity.WARNING, 91, 90, at),
                new AlertEvent(AlertEvent.Kind.RESOLVED, server, "cpu", Severity.WARNING, 40, 90, at.plusSeconds(5))));
        // the first attempt fails while the database is away; nothing may be lost by it
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        ProxiedDatabaseResource.proxy().resume();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> count(
                "select count(*) from alerts where server_id = ? and status = 'resolved'", server) == 1);
        assertThat(count("select count(*) from alert_outbox o join alerts a on a.id = o.alert_id where a.server_id = ?",
                server)).as("opened and resolved, both notified").isEqualTo(2);
    }

    private long count(String sql, long server) {
        List<Map<String, Object>> rows = DbRows.query(db, sql, server);
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    private static Sample sample(long server, Instant ts) {
        return new Sample(server, ts, 12.5, List.of(12.5), new double[]{0.1, 0.2, 0.3},
                new Sample.Memory(1000, 400, 600, 40), new Sample.Memory(0, 0, 0, 0),
                List.of(new Sample.Disk("/", 100, 55, 55)), new Sample.Network(10, 20), 99, 7);
    }
}
