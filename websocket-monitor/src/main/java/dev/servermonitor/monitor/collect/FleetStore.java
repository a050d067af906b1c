package dev.servermonitor.monitor.collect;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The monitor's view of central-api's {@code servers} table, and the status columns it owns there.
 */
@ApplicationScoped
public class FleetStore {

    /**
     * A server row as collection needs it. {@code version} changes whenever anything that affects the
     * connection does (central-api bumps {@code updated_at} on every edit and trust).
     */
    public record ServerRow(long id, String name, boolean trusted, String status, Instant lastSeen, String version) {
    }

    private final Pool pool;

    public FleetStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ServerRow>> servers() {
        return pool.preparedQuery("select id, name, host_key_trusted_at is not null as trusted, status, last_seen,"
                + " updated_at::text || coalesce(host_key_fingerprint, '') as version from servers").execute()
                .map(rows -> {
                    List<ServerRow> list = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        OffsetDateTime seen = r.getOffsetDateTime("last_seen");
                        list.add(new ServerRow(r.getLong("id"), r.getString("name"), r.getBoolean("trusted"),
                                r.getString("status"), seen == null ? null : seen.toInstant(), r.getString("version")));
                    }
                    return list;
                });
    }

    /** A transition; {@code online} also refreshes {@code last_seen}. */
    public Uni<Void> status(long serverId, String status) {
        return pool
                .preparedQuery("update servers set status = $2,"
                        + " last_seen = case when $2 = 'online' then now() else last_seen end where id = $1")
                .execute(Tuple.of(serverId, status)).replaceWithVoid();
    }
}
