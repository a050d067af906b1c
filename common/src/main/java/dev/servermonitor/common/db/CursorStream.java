package dev.servermonitor.common.db;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rows of one query through a server-side cursor, {@code fetch} at a time as the consumer asks for
 * them: memory stays flat whatever the size. The cursor needs a transaction; it is read-only and
 * rolled back when the stream ends either way. A slow download leaves that transaction idle between
 * fetches, so the idle-in-transaction limit every connection has is lifted for it alone.
 */
public final class CursorStream {

    private CursorStream() {
    }

    public static Multi<Row> rows(Pool pool, String sql, Tuple params, int fetch) {
        return pool.getConnection().onItem().transformToMulti(conn -> conn.begin().onItem()
                .transformToMulti(tx -> conn.query("set local idle_in_transaction_session_timeout = 0").execute()
                        .chain(() -> conn.prepare(sql)).onItem()
                        .transformToMulti(ps -> ps.createStream(fetch, params).toMulti())
                        .onTermination().call(() -> tx.rollback().onFailure().recoverWithNull()))
                .onTermination().call(conn::close));
    }
}
