package dev.servermonitor.api.terminal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.db.CursorStream;
import dev.servermonitor.common.error.ApiException;

/**
 * Reads {@code terminal_sessions} and their recordings (terminal-gateway writes them), and asks the
 * gateways to stop a session through Postgres {@code NOTIFY terminal_stop}.
 */
@ApplicationScoped
public class TerminalSessionRepository {

    /** Recording chunks per round trip of the cursor (each up to ~64 KiB). */
    private static final int CHUNKS_PER_FETCH = 16;

    private final Pool pool;

    public TerminalSessionRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<TerminalSessionView> find(UUID id) {
        return pool.preparedQuery("select " + TerminalSessionView.COLUMNS + " from terminal_sessions where id = $1")
                .execute(Tuple.of(id)).map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? TerminalSessionView.from(it.next()) : null;
                });
    }

    /** Newest first, keyset by (started_at, id). */
    public Uni<TerminalSessionPage> page(TerminalSessionFilter f, int limit, String cursor) {
        List<String> clauses = new ArrayList<>();
        Tuple t = Tuple.tuple();
        if (f.userId() != null) {
            t.addLong(f.userId());
            clauses.add("user_id = $" + t.size());
        }
        if (f.serverId() != null) {
            t.addLong(f.serverId());
            clauses.add("server_id = $" + t.size());
        }
        if (f.status() != null) {
            t.addString(f.status());
            clauses.add("status = $" + t.size());
        }
        if (f.from() != null) {
            t.addOffsetDateTime(f.from());
            clauses.add("started_at >= $" + t.size());
        }
        if (f.to() != null) {
            t.addOffsetDateTime(f.to());
            clauses.add("started_at < $" + t.size());
        }
        Cursor after = Cursor.decode(cursor);
        if (after != null) {
            t.addOffsetDateTime(after.startedAt()).addUUID(after.id());
            clauses.add("(started_at, id) < ($" + (t.size() - 1) + ", $" + t.size() + ")");
        }
        String sql = "select " + TerminalSessionView.COLUMNS + " from terminal_sessions"
                + (clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses))
                + " order by started_at desc, id desc limit " + (limit + 1);
        return pool.preparedQuery(sql).execute(t).map(rows -> {
            List<TerminalSessionView> items = new ArrayList<>(
                    StreamSupport.stream(rows.spliterator(), false).map(TerminalSessionView::from).toList());
            String next = null;
            if (items.size() > limit) {
                items.remove(limit);
                TerminalSessionView last = items.get(limit - 1);
                next = new Cursor(last.startedAt(), last.id()).encode();
            }
            return new TerminalSessionPage(items, next);
        });
    }

    /** The recording's asciicast text, chunk by chunk, through a server-side cursor. */
    public Multi<String> recording(UUID id) {
        String sql = "select data from terminal_recording_chunks where session_id = $1 order by seq";
        return CursorStream.rows(pool, sql, Tuple.of(id), CHUNKS_PER_FETCH).map(row -> row.getString("data"));
    }

    /** Tells every gateway to stop this session; the one holding it does, within about a second. */
    public Uni<Void> notifyStop(SqlClient tx, UUID id) {
        return tx.preparedQuery("select pg_notify('terminal_stop', $1)").execute(Tuple.of(id.toString()))
                .replaceWithVoid();
    }

    private record Cursor(OffsetDateTime startedAt, UUID id) {

        String encode() {
            long micros = startedAt.toInstant().getEpochSecond() * 1_000_000 + startedAt.toInstant().getNano() / 1000;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8)
                        .split(":", 2);
                long micros = Long.parseLong(parts[0]);
                Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
                        Math.floorMod(micros, 1_000_000) * 1000L);
                return new Cursor(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw ApiException.invalid("cursor is not one this API handed out");
            }
        }
    }
}
