package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.DbRows;

/** The per-status counts the task gauge reads follow every insert, status change and delete. */
@QuarkusTest
class TaskStatusCountsTest {

    @Inject
    DataSource db;

    @Inject
    TaskRepository tasks;

    @Test
    void theKeptCountsAreTheTablesCountsAfterEveryKindOfChange() {
        long a = insert("queued");
        long b = insert("queued");
        insert("running");
        assertCountsMatchTheTable();

        DbRows.execute(db, "update tasks set status = 'running' where id = ?", a);
        DbRows.execute(db, "update tasks set status = 'success', finished_at = now() where id = ?", a);
        DbRows.execute(db, "update tasks set status = 'cancelled', finished_at = now() where id = ?", b);
        DbRows.execute(db, "update tasks set error = 'no status change' where id = ?", b);
        assertCountsMatchTheTable();

        DbRows.execute(db, "delete from tasks where id = ?", a);
        assertCountsMatchTheTable();
    }

    /** On a server and by a user no test creates, so no other test sees them. */
    private long insert(String status) {
        return ((Number) DbRows.query(db, "insert into tasks (server_id, user_id, username, command, timeout_seconds,"
                + " status) values (990000001, 990000001, 'someone', 'uptime', 60, ?) returning id", status).get(0)
                .get("id"))
                .longValue();
    }

    private void assertCountsMatchTheTable() {
        Map<String, Long> table = new TreeMap<>();
        DbRows.query(db, "select status, count(*) as n from tasks group by status")
                .forEach(r -> table.put((String) r.get("status"), ((Number) r.get("n")).longValue()));
        Map<String, Long> kept = new TreeMap<>(tasks.countByStatus().await().atMost(Duration.ofSeconds(10)));
        kept.values().removeIf(n -> n == 0);
        assertThat(kept).isEqualTo(table);
    }
}
