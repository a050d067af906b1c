package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.DbRows;

/**
 * The per-status counts the task gauge reads follow every insert, status change and delete. The
 * rows go through queued and running inside one transaction and end finished, so no worker claims
 * or recovers them; each comparison reads the counts and the table in one statement.
 */
@QuarkusTest
class TaskStatusCountsTest {

    /** A server and a user no test creates. */
    static final long NOWHERE = 990_000_002L;

    @Inject
    DataSource db;

    @Inject
    TaskRepository tasks;

    @Test
    void theKeptCountsAreTheTablesCountsAfterEveryKindOfChange() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            for (String end : List.of("success", "failed", "cancelled")) {
                long id = insertQueued(c);
                ids.add(id);
                update(c, "update tasks set status = 'running' where id = ?", id);
                update(c, "update tasks set status = '" + end + "', finished_at = now() where id = ?", id);
            }
            update(c, "update tasks set error = 'no status change' where id = ?", ids.get(0));
            c.commit();
        }
        assertCountsMatchTheTable();

        DbRows.execute(db, "update tasks set status = 'failed' where id = ?", ids.get(0));
        assertCountsMatchTheTable();

        for (long id : ids) {
            DbRows.execute(db, "delete from tasks where id = ?", id);
        }
        assertCountsMatchTheTable();
        assertThat(tasks.countByStatus().await().atMost(Duration.ofSeconds(10))).containsKeys("queued", "running",
                "success", "failed", "timeout", "cancelled", "interrupted");
    }

    private static long insertQueued(Connection c) throws Exception {
        try (PreparedStatement st = c.prepareStatement("insert into tasks (server_id, user_id, username, command,"
                + " timeout_seconds) values (?, ?, 'someone', 'uptime', 60) returning id")) {
            st.setLong(1, NOWHERE);
            st.setLong(2, NOWHERE);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void update(Connection c, String sql, long id) throws Exception {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, id);
            st.executeUpdate();
        }
    }

    /** Each status's kept count beside the table's, read in one statement (one snapshot). */
    private void assertCountsMatchTheTable() {
        List<Map<String, Object>> rows = DbRows.query(db, "select s.status, s.n as kept,"
                + " (select count(*) from tasks t where t.status = s.status) as counted from task_status_counts s");
        assertThat(rows).hasSize(7).allSatisfy(r -> assertThat(((Number) r.get("kept")).longValue())
                .as("tasks %s", r.get("status")).isEqualTo(((Number) r.get("counted")).longValue()));
    }
}
