package dev.servermonitor.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.CleanupTestCase;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.gateway.support.GatewayCentralApi;

/**
 * The gateway's cleanup on real rows, with a clock the test sets (a thousand days ago, so no other
 * test's session is ever old enough): recordings of sessions ended more than
 * RECORDING_RETENTION_DAYS (30) ago go, chunks and all; the session records stay and say when.
 */
@QuarkusTest
@QuarkusTestResource(GatewayCentralApi.class)
class RecordingCleanupTest extends CleanupTestCase {

    /** A user and a server no test creates: these sessions must not show up in another test's. */
    static final long NOBODY = 990_000_001L;
    static final long NO_SERVER = 990_000_001L;

    @Test
    void recordingsOfSessionsEndedBeforeTheRetentionGoTheRecordsStay() {
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < RecordingCleanup.BATCH + 5; i++) {
            old.add(session(ago(Duration.ofDays(30).plusMinutes(1 + i)), 3));
        }
        UUID recent = session(ago(Duration.ofDays(30).minusMinutes(1)), 2);
        UUID active = session(null, 2);
        UUID unrecorded = session(ago(Duration.ofDays(90)), 0);

        assertThat(cleanup.run(NOW).await().atMost(Duration.ofSeconds(30)))
                .contains(Map.of("recordings", (long) old.size()));

        for (UUID id : old) {
            assertThat(chunks(id)).isZero();
            assertThat(
                    DbRows.query(db, "select recording, recording_removed_at from terminal_sessions where id = ?", id))
                    .singleElement().satisfies(r -> {
                        assertThat(r.get("recording")).isEqualTo(true);
                        assertThat(r.get("recording_removed_at")).isNotNull();
                    });
        }
        assertThat(chunks(recent)).isEqualTo(3);
        assertThat(chunks(active)).isEqualTo(3);
        assertThat(DbRows.query(db, "select recording_removed_at from terminal_sessions where id in (?, ?, ?)"
                + " and recording_removed_at is null", recent, active, unrecorded)).hasSize(3);
        assertThat(DbRows.audit(db, "db.cleanup", null)).last().satisfies(a -> {
            assertThat(a.get("service")).isEqualTo("terminal_gateway");
            assertThat(a.get("meta").toString()).contains("\"recordings\": " + old.size());
        });
    }

    /**
     * A session that ended at {@code ended} (null: still active), recorded in header + events chunks.
     */
    private UUID session(OffsetDateTime ended, int events) {
        UUID id = UUID.randomUUID();
        boolean recorded = events > 0;
        DbRows.execute(db, "insert into terminal_sessions (id, user_id, username, server_id, server_name, status, cols,"
                + " rows, owner_instance, recording, started_at, ended_at) values (?, ?, 'someone', ?, 'web-1', ?, 80,"
                + " 24, 'gw', ?, ?, ?)", id, NOBODY, NO_SERVER, ended == null ? "active" : "closed", recorded,
                ended == null ? ago(Duration.ZERO) : ended.minusMinutes(5), ended);
        if (recorded) {
            DbRows.execute(db, "insert into terminal_recording_chunks (session_id, seq, data)"
                    + " select ?, g, 'chunk ' || g from generate_series(0, ?) g", id, events);
        }
        return id;
    }

    private long chunks(UUID id) {
        return ((Number) DbRows
                .query(db, "select count(*) as n from terminal_recording_chunks where session_id = ?", id)
                .get(0).get("n")).longValue();
    }
}
