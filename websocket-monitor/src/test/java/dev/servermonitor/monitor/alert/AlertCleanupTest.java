package dev.servermonitor.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.CleanupTestCase;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.monitor.support.MonitorCentralApi;

/**
 * The monitor's cleanup on real rows, with a clock the test sets (a thousand days ago): delivered
 * outbox rows go after ALERT_OUTBOX_RETENTION_DAYS (7), resolved alerts after ALERT_RETENTION_DAYS
 * (90); open alerts and what is still to be delivered for them stay, however old.
 */
@QuarkusTest
@QuarkusTestResource(MonitorCentralApi.class)
class AlertCleanupTest extends CleanupTestCase {

    /** A server id no other test uses. */
    static final long SERVER = 880_000_000L + (System.nanoTime() & 0xffff);

    @Test
    void deliveredNotificationsAndResolvedAlertsGoAfterTheirRetentionOpenOnesStay() {
        long oldResolved = alert("cpu", ago(days(95)), ago(days(91)));
        long recentResolved = alert("memory", ago(days(95)), ago(days(89)));
        long open = alert("disk:/", ago(days(400)), null);
        long oldDelivered = outbox(recentResolved, ago(days(8)));
        long recentDelivered = outbox(recentResolved, ago(days(6)));
        long undelivered = outbox(open, null);
        outbox(oldResolved, ago(days(91)));

        assertThat(cleanup.run(NOW).await().atMost(Duration.ofSeconds(30)))
                .contains(Map.of("deliveredOutbox", 2L, "resolvedAlerts", 1L));

        assertThat(DbRows.query(db, "select id from alerts where server_id = ? order by id", SERVER))
                .extracting(r -> ((Number) r.get("id")).longValue()).containsExactly(recentResolved, open);
        assertThat(DbRows.query(db, "select o.id from alert_outbox o join alerts a on a.id = o.alert_id"
                + " where a.server_id = ? order by o.id", SERVER)).extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactly(recentDelivered, undelivered).doesNotContain(oldDelivered);
        assertThat(DbRows.audit(db, "db.cleanup", null)).last().satisfies(a -> {
            assertThat(a.get("service")).isEqualTo("websocket_monitor");
            assertThat(a.get("meta").toString()).contains("\"resolvedAlerts\": 1").contains("\"deliveredOutbox\": 2");
        });
        // the open alert (and its outbox row) would stay for ever: gone, so no later run meets it
        DbRows.execute(db, "delete from alerts where server_id = ?", SERVER);
    }

    private static Duration days(long n) {
        return Duration.ofDays(n);
    }

    private long alert(String metric, OffsetDateTime opened, OffsetDateTime resolved) {
        return id(DbRows.query(db, "insert into alerts (server_id, metric, severity, status, value, threshold,"
                + " opened_at, resolved_at) values (?, ?, 'warning', ?, 91, 90, ?, ?) returning id", SERVER, metric,
                resolved == null ? "open" : "resolved", opened, resolved));
    }

    private long outbox(long alert, OffsetDateTime delivered) {
        return id(DbRows.query(db, "insert into alert_outbox (alert_id, event, payload, created_at, delivered_at)"
                + " values (?, 'opened', '{}'::jsonb, ?, ?) returning id", alert, ago(days(100)), delivered));
    }

    private static long id(List<Map<String, Object>> rows) {
        return ((Number) rows.get(0).get("id")).longValue();
    }
}
