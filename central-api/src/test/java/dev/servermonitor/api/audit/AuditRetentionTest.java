package dev.servermonitor.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.DbRows;

@QuarkusTest
class AuditRetentionTest {

    @Inject
    DataSource db;

    @Inject
    AuditRetention retention;

    @Test
    void deletesExactlyTheRowsOlderThanTheRetentionAndRecordsIt() {
        String action = "test.retention." + UUID.randomUUID().toString().substring(0, 8);
        insert(action, 91, 3);
        insert(action, 89, 2);
        insert(action, 1, 1);

        long deleted = retention.run().await().atMost(Duration.ofSeconds(30));

        assertThat(deleted).isGreaterThanOrEqualTo(3);
        assertThat(DbRows.query(db, "select extract(day from now() - occurred_at)::int as age from audit_logs"
                + " where action = ? order by age", action)).extracting(row -> row.get("age"))
                .containsExactly(1, 89, 89);
        assertThat(DbRows.audit(db, "audit.cleanup", null)).last()
                .satisfies(a -> assertThat(a.get("meta").toString()).contains("\"auditLogs\": " + deleted));
    }

    @Test
    void aRunWhileAnotherReplicaHoldsTheLockDeletesNothing() throws Exception {
        String action = "test.retention.locked." + UUID.randomUUID().toString().substring(0, 8);
        insert(action, 120, 2);
        try (Connection other = db.getConnection();
                PreparedStatement lock = other.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, AuditRetention.LOCK);
            lock.execute();

            assertThat(retention.run().await().atMost(Duration.ofSeconds(30))).isEqualTo(-1L);
            assertThat(DbRows.audit(db, action, null)).hasSize(2);

            try (PreparedStatement unlock = other.prepareStatement("select pg_advisory_unlock(?)")) {
                unlock.setLong(1, AuditRetention.LOCK);
                unlock.execute();
            }
        }
        assertThat(retention.run().await().atMost(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(2);
        assertThat(DbRows.audit(db, action, null)).isEmpty();
    }

    private void insert(String action, int daysAgo, int count) {
        DbRows.execute(db,
                "insert into audit_logs (occurred_at, service, action) select now() - make_interval(days => ?),"
                        + " 'central_api', ? from generate_series(1, ?)",
                daysAgo, action, count);
    }
}
