package dev.servermonitor.monitor.history;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.db.CursorStream;
import dev.servermonitor.monitor.sample.Sample;

/** Reads {@code metric_samples}: buckets, raw rows for export, the newest row. */
@ApplicationScoped
public class HistoryRepository {

    /** Rows fetched per round trip while streaming an export. */
    static final int FETCH_SIZE = 1_000;
    static final String COLUMNS = "server_id, ts, cpu, load1, load5, load15, mem_total, mem_used, mem_available,"
            + " mem_percent, swap_total, swap_used, swap_percent, disks::text as disks, net_rx, net_tx,"
            + " uptime_seconds, processes, cores::float8[] as cores";
    private static final TypeReference<List<Sample.Disk>> DISKS = new TypeReference<>() {
    };

    /** A server's row in central-api's table, as history needs it. */
    public record ServerInfo(long id, String status, Instant lastSeen) {
    }

    private final Pool pool;
    private final ObjectMapper json;

    public HistoryRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<ServerInfo> server(long id) {
        return pool.preparedQuery("select id, status, last_seen from servers where id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new ServerInfo(r.getLong("id"), r.getString("status"), instant(r, "last_seen"));
                });
    }

    public Uni<List<HistoryPoint>> buckets(long serverId, TimeRange range) {
        String sql = "select date_bin(make_interval(secs => $2), ts, $3) as bucket, count(*) as n,"
                + stat("cpu") + stat("mem_percent") + stat("swap_percent") + stat("disk_percent") + stat("load1")
                + stat("load5") + stat("load15") + stat("net_rx") + stat("net_tx").replaceAll(",$", "")
                + " from metric_samples where server_id = $1 and ts >= $3 and ts < $4 group by bucket order by bucket";
        return pool.preparedQuery(sql)
                .execute(Tuple.of(serverId, (double) range.step().toSeconds(), SampleWriter.utc(range.from()),
                        SampleWriter.utc(range.to())))
                .map(rows -> {
                    List<HistoryPoint> points = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        points.add(new HistoryPoint(instant(r, "bucket"), r.getInteger("n"), s(r, "cpu"),
                                s(r, "mem_percent"), s(r, "swap_percent"), s(r, "disk_percent"), s(r, "load1"),
                                s(r, "load5"), s(r, "load15"), s(r, "net_rx"), s(r, "net_tx")));
                    }
                    return points;
                });
    }

    /**
     * Each core's and each mount's average per bucket, in bucket order: what the plain buckets fold
     * into one number (CPU overall, the fullest mount).
     */
    public Uni<List<BreakdownPoint>> breakdown(long serverId, TimeRange range) {
        Tuple params = Tuple.of(serverId, (double) range.step().toSeconds(), SampleWriter.utc(range.from()),
                SampleWriter.utc(range.to()));
        String bucket = "date_bin(make_interval(secs => $2), ts, $3)";
        String where = " where server_id = $1 and ts >= $3 and ts < $4";
        Uni<RowSet<Row>> cores = pool.preparedQuery("select " + bucket + " as bucket, c.i, avg(c.v)::float8 as v"
                + " from metric_samples cross join lateral unnest(cores) with ordinality as c(v, i)" + where
                + " group by bucket, c.i order by bucket, c.i").execute(params);
        Uni<RowSet<Row>> mounts = pool.preparedQuery("select " + bucket + " as bucket, d->>'mount' as mount,"
                + " avg((d->>'percent')::float8)::float8 as v from metric_samples"
                + " cross join lateral jsonb_array_elements(disks) as d" + where
                + " group by bucket, mount order by bucket, mount").execute(params);
        return Uni.combine().all().unis(cores, mounts).asTuple().map(t -> {
            Map<Instant, BreakdownPoint> points = new TreeMap<>();
            for (Row r : t.getItem1()) {
                points.computeIfAbsent(instant(r, "bucket"), BreakdownPoint::new).cores()
                        .add(round(r.getDouble("v")));
            }
            for (Row r : t.getItem2()) {
                points.computeIfAbsent(instant(r, "bucket"), BreakdownPoint::new).disks()
                        .put(r.getString("mount"), round(r.getDouble("v")));
            }
            return List.copyOf(points.values());
        });
    }

    /**
     * CPU and memory of each of {@code ids} over the last {@code minutes}, averaged per 10 seconds,
     * oldest first; one index range scan per server (the primary key).
     */
    public Uni<List<RecentView.Server>> recent(List<Long> ids, int minutes) {
        String sql = "select server_id, extract(epoch from date_bin('10 seconds', ts, timestamptz '2000-01-01'))::float8"
                + " as t, avg(cpu)::float8 as cpu, avg(mem_percent)::float8 as mem from metric_samples"
                + " where server_id = any($1) and ts >= now() - make_interval(mins => $2)"
                + " group by server_id, t order by server_id, t";
        return pool.preparedQuery(sql).execute(Tuple.of(ids.toArray(Long[]::new), minutes)).map(rows -> {
            Map<Long, List<Double[]>> points = new LinkedHashMap<>();
            for (Row r : rows) {
                Double cpu = r.getDouble("cpu"); // null: a first poll, whose CPU is not known yet
                points.computeIfAbsent(r.getLong("server_id"), k -> new ArrayList<>()).add(new Double[]{
                        r.getDouble("t"), round(cpu), round(r.getDouble("mem"))});
            }
            return points.entrySet().stream().map(e -> new RecentView.Server(e.getKey(), e.getValue())).toList();
        });
    }

    /** The newest stored sample, or null. */
    public Uni<Sample> newest(long serverId) {
        return pool.preparedQuery("select " + COLUMNS + " from metric_samples where server_id = $1"
                + " order by ts desc limit 1").execute(Tuple.of(serverId))
                .map(rows -> rows.size() == 0 ? null : sample(rows.iterator().next()));
    }

    /**
     * Raw samples in time order through a server-side cursor, so memory stays flat whatever the range.
     */
    public Multi<Sample> stream(long serverId, TimeRange range) {
        String sql = "select " + COLUMNS + " from metric_samples where server_id = $1 and ts >= $2 and ts < $3"
                + " order by ts";
        Tuple params = Tuple.of(serverId, SampleWriter.utc(range.from()), SampleWriter.utc(range.to()));
        return CursorStream.rows(pool, sql, params, FETCH_SIZE).map(this::sample);
    }

    private static String stat(String column) {
        return " avg(" + column + ")::float8 as " + column + "_avg, max(" + column + ")::float8 as " + column
                + "_max,";
    }

    private static HistoryPoint.Stat s(Row r, String column) {
        return new HistoryPoint.Stat(round(r.getDouble(column + "_avg")), round(r.getDouble(column + "_max")));
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 100) / 100.0;
    }

    Sample sample(Row r) {
        Double rx = r.getDouble("net_rx");
        Double tx = r.getDouble("net_tx");
        Double[] cores = r.getArrayOfDoubles("cores");
        return new Sample(r.getLong("server_id"), instant(r, "ts"), r.getDouble("cpu"),
                cores == null ? null : Arrays.asList(cores),
                new double[]{r.getDouble("load1"), r.getDouble("load5"), r.getDouble("load15")},
                new Sample.Memory(r.getLong("mem_total"), r.getLong("mem_used"), r.getLong("mem_available"),
                        r.getDouble("mem_percent")),
                new Sample.Memory(r.getLong("swap_total"), r.getLong("swap_used"),
                        r.getLong("swap_total") - r.getLong("swap_used"), r.getDouble("swap_percent")),
                disks(r.getString("disks")), rx == null || tx == null ? null : new Sample.Network(rx, tx),
                r.getLong("uptime_seconds"), r.getInteger("processes"));
    }

    private List<Sample.Disk> disks(String text) {
        try {
            return json.readValue(text, DISKS);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
