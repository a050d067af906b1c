package dev.servermonitor.api.audit;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.db.CursorStream;
import dev.servermonitor.common.error.ApiException;

/** Reads {@code audit_logs}, newest first, by keyset (never OFFSET) so deep pages stay fast. */
@ApplicationScoped
public class AuditRepository {

    /** Rows fetched per round trip while streaming an export. */
    static final int FETCH_SIZE = 500;

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<AuditPage> page(AuditFilter filter, int limit, String cursor) {
        Where w = where(filter, Cursor.decode(cursor));
        String sql = "select " + AuditRecord.COLUMNS + " from audit_logs" + w.sql()
                + " order by occurred_at desc, id desc limit " + (limit + 1);
        return pool.preparedQuery(sql).execute(w.params()).map(rows -> {
            List<AuditRecord> items = new ArrayList<>(
                    StreamSupport.stream(rows.spliterator(), false).map(AuditRecord::from).toList());
            String next = null;
            if (items.size() > limit) {
                items.remove(limit);
                AuditRecord last = items.get(limit - 1);
                next = Cursor.encode(last.timestamp(), last.id());
            }
            return new AuditPage(items, next);
        });
    }

    /**
     * Streams up to {@code limit} rows through a server-side cursor: memory stays flat whatever the
     * size.
     */
    public Multi<AuditRecord> stream(AuditFilter filter, int limit) {
        Where w = where(filter, null);
        String sql = "select " + AuditRecord.COLUMNS + " from audit_logs" + w.sql()
                + " order by occurred_at desc, id desc limit " + limit;
        return CursorStream.rows(pool, sql, w.params(), FETCH_SIZE).map(AuditRecord::from);
    }

    private record Where(String sql, Tuple params) {
    }

    private static Where where(AuditFilter f, Cursor cursor) {
        List<String> clauses = new ArrayList<>();
        Tuple t = Tuple.tuple();
        if (f.from() != null) {
            t.addOffsetDateTime(f.from());
            clauses.add("occurred_at >= $" + t.size());
        }
        if (f.to() != null) {
            t.addOffsetDateTime(f.to());
            clauses.add("occurred_at < $" + t.size());
        }
        if (f.userId() != null) {
            t.addLong(f.userId());
            clauses.add("user_id = $" + t.size());
        }
        if (f.username() != null) {
            // audit_logs_username_idx
            t.addString(f.username());
            clauses.add("lower(username) = lower($" + t.size() + ")");
        }
        if (f.action() != null) {
            t.addString(f.action());
            clauses.add("action = $" + t.size());
        }
        if (f.targetType() != null) {
            t.addString(f.targetType());
            clauses.add("target_type = $" + t.size());
        }
        if (f.targetId() != null) {
            t.addString(f.targetId());
            clauses.add("target_id = $" + t.size());
        }
        if (cursor != null) {
            t.addOffsetDateTime(cursor.at()).addLong(cursor.id());
            clauses.add("(occurred_at, id) < ($" + (t.size() - 1) + ", $" + t.size() + ")");
        }
        return new Where(clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses), t);
    }

    /** Opaque to clients: the position after the last row of a page. */
    record Cursor(OffsetDateTime at, long id) {

        static String encode(OffsetDateTime at, long id) {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((at.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(OffsetDateTime.parse(parts[0]), Long.parseLong(parts[1]));
            } catch (RuntimeException e) {
                throw ApiException.invalid("cursor is not one this API returned");
            }
        }
    }
}
