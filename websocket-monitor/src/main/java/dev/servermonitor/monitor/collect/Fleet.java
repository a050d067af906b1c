package dev.servermonitor.monitor.collect;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import dev.servermonitor.common.db.DatabaseOutage;
import dev.servermonitor.common.schema.SchemaMigrated;
import dev.servermonitor.common.ssh.AsyncExec;
import dev.servermonitor.common.ssh.CredentialsApi;
import dev.servermonitor.common.ssh.CredentialsUnavailable;
import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshKeys;
import dev.servermonitor.common.ssh.SshTarget;
import dev.servermonitor.monitor.MonitorConfig;

/**
 * Which servers are polled and when. Every trusted server gets a {@link ServerPoller} and a Vert.x
 * timer: the first poll at a random point of the first interval (so polls spread out), each next
 * one an interval after the previous was due. No thread per server: polls are asynchronous on
 * MINA's I/O threads and the timers live on the event loop. The server table is read again every
 * interval, so a server added, changed (its row's {@code updated_at}) or deleted in central-api is
 * picked up within one.
 */
@ApplicationScoped
public class Fleet {

    private static final Logger LOG = Logger.getLogger(Fleet.class);
    /** Credentials are asked for again after this long, or after a failed connection. */
    static final Duration CREDENTIALS_FOR = Duration.ofMinutes(10);

    /** One polled server. */
    private final class Polled {

        final long id;
        final String version;
        final ServerPoller poller;
        long dueNanos;
        long timer = -1;
        volatile boolean stopped;
        volatile SshTarget target;
        volatile long targetUntilNanos;

        Polled(long id, String version) {
            this.id = id;
            this.version = version;
            this.poller = new ServerPoller(id, this::target, ssh, timeouts, collector, System::nanoTime, connects);
        }

        Uni<SshTarget> target() {
            SshTarget t = target;
            if (t != null && System.nanoTime() < targetUntilNanos && poller.lastError() == null) {
                return Uni.createFrom().item(t);
            }
            return credentials.forStats(id).onFailure(CredentialsUnavailable.class)
                    .transform(e -> credentialsFailure((CredentialsUnavailable) e)).map(c -> {
                        try {
                            SshTarget fresh = c.target();
                            target = fresh;
                            targetUntilNanos = System.nanoTime() + CREDENTIALS_FOR.toNanos();
                            return fresh;
                        } catch (SshKeys.InvalidKeyException e) {
                            throw new IllegalStateException(
                                    "the server's SSH key could not be read: " + e.getMessage());
                        }
                    });
        }
    }

    private final Vertx vertx;
    private final DatabaseOutage outage;
    private final FleetStore store;
    private final SshConnector ssh;
    private final CredentialsApi credentials;
    private final Collector collector;
    private final MonitorConfig.Poll config;
    private final ServerPoller.Timeouts timeouts;
    private final Map<Long, Polled> polled = new ConcurrentHashMap<>();
    private final ConnectLimiter connects;
    private final Counter pollsOk;
    private final Counter pollsFailed;
    private final Timer pollDuration;
    private volatile boolean running;
    private long refreshTimer = -1;

    public Fleet(Vertx vertx, FleetStore store, SshConnector ssh, Collector collector, MonitorConfig config,
            MeterRegistry registry, DatabaseOutage outage) {
        this.outage = outage;
        this.vertx = vertx;
        this.store = store;
        this.ssh = ssh;
        this.collector = collector;
        this.config = config.poll();
        if (this.config.interval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "MONITOR_POLL_INTERVAL must be at least 1s, not " + this.config.interval());
        }
        this.connects = new ConnectLimiter(this.config.maxConcurrentConnects());
        this.credentials = new CredentialsApi(config.centralApiUrl(), config.internalApiToken().orElse(""),
                "websocket_monitor");
        this.timeouts = new ServerPoller.Timeouts(this.config.connectTimeout(), this.config.authTimeout(),
                this.config.timeout(), this.config.sshKeepalive());
        this.pollsOk = Counter.builder("servermonitor_monitor_polls").tag("result", "ok")
                .description("polls finished, by result").register(registry);
        this.pollsFailed = Counter.builder("servermonitor_monitor_polls").tag("result", "failed")
                .description("polls finished, by result").register(registry);
        this.pollDuration = Timer.builder("servermonitor_monitor_poll_duration")
                .description("one poll, connect (when needed) to parsed sample").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        for (String status : List.of("online", "offline", "unknown")) {
            Gauge.builder("servermonitor_monitor_servers", () -> count(status)).tag("status", status)
                    .description("polled servers by status").register(registry);
        }
    }

    /** Polling starts once the schema is there (the migrator may retry while the database is away). */
    void start(@Observes SchemaMigrated migrated) {
        if (!config.enabled()) {
            LOG.info("collection is off (MONITOR_COLLECT=false): this instance only streams and serves history");
            return;
        }
        collector.restore().subscribe().with(v -> {
            running = true;
            refresh();
            refreshTimer = vertx.setPeriodic(config.interval().toMillis(), id -> refresh());
        }, e -> LOG.errorf("open alerts could not be read; collection does not start: %s", e.getMessage()));
    }

    /** Stops polling and closes every SSH session (shutdown). */
    public void stop() {
        running = false;
        vertx.cancelTimer(refreshTimer);
        polled.values().forEach(this::stop);
        polled.clear();
    }

    /**
     * Runs a command of the monitor's own on a polled server's open session
     * ({@link ServerPoller#runOnOpenSession}); fails with {@link ServerPoller.NotConnected} for a
     * server this instance does not poll.
     */
    public Uni<AsyncExec.Result> runOnOpenSession(long serverId, String command, int maxBytes, Duration timeout) {
        Polled p = polled.get(serverId);
        if (p == null || p.stopped) {
            return Uni.createFrom().failure(new ServerPoller.NotConnected(
                    "the monitor does not poll this server (its host key is not trusted yet)"));
        }
        return p.poller.runOnOpenSession(command, maxBytes, timeout);
    }

    /** Reads the server table and starts, restarts or stops pollers to match it. */
    void refresh() {
        if (!running) {
            return;
        }
        store.servers().subscribe().with(this::reconcile,
                e -> outage.retrying(LOG, e, "the server list could not be read; polling what is known"));
    }

    private void reconcile(List<FleetStore.ServerRow> rows) {
        if (!running) {
            return;
        }
        Set<Long> present = new HashSet<>();
        for (FleetStore.ServerRow row : rows) {
            present.add(row.id());
            collector.known(row);
            Polled p = polled.get(row.id());
            if (p != null && (!row.trusted() || !p.version.equals(row.version()))) {
                stop(p);
                polled.remove(row.id());
                p = null;
                if (!row.trusted()) {
                    collector.polling(row.id(), false);
                }
            }
            if (p == null && row.trusted()) {
                collector.polling(row.id(), true);
                Polled fresh = new Polled(row.id(), row.version());
                polled.put(row.id(), fresh);
                long first = ThreadLocalRandom.current().nextLong(config.interval().toNanos());
                fresh.dueNanos = System.nanoTime() + first;
                schedule(fresh, first);
            }
        }
        for (Long id : Set.copyOf(polled.keySet())) {
            if (!present.contains(id)) {
                stop(polled.remove(id));
            }
        }
        collector.retainOnly(present);
    }

    private void schedule(Polled p, long delayNanos) {
        if (p.stopped) {
            return;
        }
        p.timer = vertx.setTimer(Math.max(1, delayNanos / 1_000_000), t -> run(p));
    }

    private void run(Polled p) {
        if (p.stopped) {
            return;
        }
        long started = System.nanoTime();
        p.poller.poll().subscribe().with(v -> {
            long now = System.nanoTime();
            pollDuration.record(Duration.ofNanos(now - started));
            (p.poller.lastError() == null ? pollsOk : pollsFailed).increment();
            long interval = config.interval().toNanos();
            p.dueNanos += interval;
            if (p.dueNanos < now) {
                // the poll overran its slot: the next one waits a whole interval rather than piling up
                p.dueNanos = now + interval;
            }
            schedule(p, p.dueNanos - now);
        });
    }

    private void stop(Polled p) {
        if (p == null) {
            return;
        }
        p.stopped = true;
        vertx.cancelTimer(p.timer);
        p.poller.close();
    }

    private long count(String status) {
        return polled.values().stream().filter(p -> status.equals(p.poller.status())).count();
    }

    private static IllegalStateException credentialsFailure(CredentialsUnavailable u) {
        return new IllegalStateException(switch (u.reason()) {
            case UNKNOWN_SERVER -> "central-api does not know the server";
            case HOST_KEY_UNTRUSTED -> "the server's host key is not trusted";
            case SERVICE_REFUSED, FORBIDDEN -> "central-api refused the monitor's INTERNAL_API_TOKEN";
            default -> u.getMessage();
        });
    }
}
