package dev.servermonitor.monitor.history;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.db.DatabaseOutage;
import dev.servermonitor.common.db.DatabaseUnavailableException;
import dev.servermonitor.monitor.sample.Sample;

/**
 * Writes samples to {@code metric_samples} in batches (one statement per flush, one flush in
 * flight) and keeps {@code servers.last_seen} fresh to within a minute without rewriting every row
 * on every poll. While the database is away a batch that could not be written goes back to the head
 * of the buffer, in order, and is written by a later flush; the buffer is bounded
 * ({@value #MAX_BUFFERED} samples): past that the oldest are dropped and counted, collection goes
 * on. A batch the database refuses for another reason is dropped (retrying it could never succeed).
 */
@ApplicationScoped
public class SampleWriter {

    private static final Logger LOG = Logger.getLogger(SampleWriter.class);
    static final int MAX_BUFFERED = 200_000;
    static final Duration LAST_SEEN_EVERY = Duration.ofSeconds(60);

    private final Pool pool;
    private final ObjectMapper json;
    private final ConcurrentLinkedDeque<Sample> buffer = new ConcurrentLinkedDeque<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Map<Long, Instant> lastSeenWritten = new ConcurrentHashMap<>();
    private final Counter dropped;
    private final Counter written;
    private final DatabaseOutage outage;

    public SampleWriter(Pool pool, ObjectMapper json, MeterRegistry registry, DatabaseOutage outage) {
        this.outage = outage;
        this.pool = pool;
        this.json = json;
        this.dropped = Counter.builder("servermonitor_monitor_samples_dropped")
                .description("samples not stored because the write buffer was full").register(registry);
        this.written = Counter.builder("servermonitor_monitor_samples_written")
                .description("samples stored in metric_samples").register(registry);
    }

    public void add(Sample s) {
        buffer.add(s);
        if (buffered.incrementAndGet() > MAX_BUFFERED && buffer.poll() != null) {
            buffered.decrementAndGet();
            dropped.increment();
        }
    }

    /** Writes what is buffered; completes (never fails) when done or when another flush is running. */
    public Uni<Void> flush() {
        if (!flushing.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        List<Sample> batch = new ArrayList<>();
        for (Sample s; batch.size() < 5_000 && (s = buffer.poll()) != null;) {
            buffered.decrementAndGet();
            batch.add(s);
        }
        if (batch.isEmpty()) {
            flushing.set(false);
            return Uni.createFrom().voidItem();
        }
        AtomicBoolean held = new AtomicBoolean();
        return write(batch).invoke(() -> written.increment(batch.size())).onFailure().invoke(e -> {
            if (DatabaseUnavailableException.in(e)) {
                held.set(true);
                holdForRetry(batch);
                outage.retrying(LOG, e, batch.size() + " samples are held until the database answers");
            } else {
                LOG.warnf("%d samples could not be stored and are dropped: %s", batch.size(), e.getMessage());
                dropped.increment(batch.size());
            }
        }).onFailure().recoverWithNull().eventually(() -> flushing.set(false))
                .chain(() -> buffer.isEmpty() || held.get()
                        ? Uni.createFrom().voidItem()
                        : flush());
    }

    /** Puts {@code batch} back in front, oldest first, then drops the oldest past the bound. */
    private void holdForRetry(List<Sample> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            buffer.offerFirst(batch.get(i));
            buffered.incrementAndGet();
        }
        // last_seen of these servers was not written either: the retry writes it
        batch.forEach(s -> lastSeenWritten.remove(s.serverId()));
        while (buffered.get() > MAX_BUFFERED && buffer.pollFirst() != null) {
            buffered.decrementAndGet();
            dropped.increment();
        }
    }

    /** Samples waiting to be written. */
    public int pending() {
        return buffered.get();
    }

    /** Forgets a deleted server and removes its samples. */
    public Uni<Void> forget(long serverId) {
        lastSeenWritten.remove(serverId);
        return pool.preparedQuery("delete from metric_samples where server_id = $1").execute(Tuple.of(serverId))
                .replaceWithVoid();
    }

    private Uni<Void> write(List<Sample> batch) {
        List<Tuple> rows = new ArrayList<>(batch.size());
        List<Long> seenIds = new ArrayList<>();
        List<OffsetDateTime> seenAt = new ArrayList<>();
        for (Sample s : batch) {
            rows.add(row(s));
            Instant last = lastSeenWritten.get(s.serverId());
            if (last == null || s.ts().isAfter(last.plus(LAST_SEEN_EVERY))) {
                lastSeenWritten.put(s.serverId(), s.ts());
                seenIds.add(s.serverId());
                seenAt.add(utc(s.ts()));
            }
        }
        // a server deleted meanwhile gets no rows: its samples were removed with it (Collector.retainOnly)
        Uni<Void> samples = pool.preparedQuery("insert into metric_samples (server_id, ts, cpu, load1, load5, load15,"
                + " mem_total, mem_used, mem_available, mem_percent, swap_total, swap_used, swap_percent,"
                + " disk_percent, disks, net_rx, net_tx, uptime_seconds, processes, cores) select $1::bigint,"
                + " $2::timestamptz, $3::float8, $4::float8, $5::float8, $6::float8, $7::bigint, $8::bigint,"
                + " $9::bigint, $10::float8, $11::bigint, $12::bigint, $13::float8, $14::float8, $15::text::jsonb,"
                + " $16::float8, $17::float8, $18::bigint, $19::integer, $20::float8[]"
                + " where exists (select 1 from servers where id = $1::bigint)"
                + " on conflict (server_id, ts) do nothing").executeBatch(rows).replaceWithVoid();
        if (seenIds.isEmpty()) {
            return samples;
        }
        return samples.chain(() -> pool
                .preparedQuery("update servers set last_seen = v.ts from unnest($1::bigint[], $2::timestamptz[])"
                        + " as v(id, ts) where servers.id = v.id and (last_seen is null or last_seen < v.ts)")
                .execute(Tuple.of(seenIds.toArray(Long[]::new), seenAt.toArray(OffsetDateTime[]::new)))
                .replaceWithVoid());
    }

    private Tuple row(Sample s) {
        Double diskPercent = s.disks().stream().map(Sample.Disk::percent).max(Double::compare).orElse(null);
        return Tuple.tuple().addLong(s.serverId()).addOffsetDateTime(utc(s.ts())).addDouble(s.cpu())
                .addDouble(s.load()[0]).addDouble(s.load()[1]).addDouble(s.load()[2])
                .addLong(s.memory().totalBytes()).addLong(s.memory().usedBytes())
                .addLong(s.memory().availableBytes()).addDouble(s.memory().percent())
                .addLong(s.swap().totalBytes()).addLong(s.swap().usedBytes()).addDouble(s.swap().percent())
                .addDouble(diskPercent).addString(disks(s))
                .addDouble(s.network() == null ? null : s.network().rxBytesPerSec())
                .addDouble(s.network() == null ? null : s.network().txBytesPerSec()).addLong(s.uptimeSeconds())
                .addInteger(s.processes())
                .addArrayOfDouble(s.cores() == null ? null : s.cores().toArray(Double[]::new));
    }

    private String disks(Sample s) {
        try {
            return json.writeValueAsString(s.disks());
        } catch (JsonProcessingException e) {
            return new JsonArray().encode();
        }
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
