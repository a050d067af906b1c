package dev.servermonitor.api.task;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.api.server.Server;
import dev.servermonitor.api.server.ServerCredentials;
import dev.servermonitor.api.server.ServerService;
import dev.servermonitor.common.db.DatabaseOutage;
import dev.servermonitor.common.health.InstanceHeartbeat;
import dev.servermonitor.common.schema.SchemaMigrated;
import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshTarget;

/**
 * This instance's task workers: {@code TASKS_NUM_WORKERS} threads that claim queued tasks and run
 * them over SSH. Owns every running {@link TaskExecution}: heartbeats them, passes on cancellations
 * (also those asked of another replica), and on SIGTERM stops claiming and kills and marks what
 * runs, within the shutdown budget.
 */
@ApplicationScoped
public class TaskWorkers {

    private static final Logger LOG = Logger.getLogger(TaskWorkers.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(15);
    /** SIGTERM to exit is 8 s at most; this is the workers' share. */
    private static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(5);

    private final Pool pool;
    private final DatabaseOutage outage;
    private final InstanceHeartbeat beats;
    private final TaskQueue queue;
    private final ServerService servers;
    private final ServerCredentials credentials;
    private final SshConnector ssh;
    private final ApiConfig.Tasks config;
    private final TaskExecution.Timeouts timeouts;
    /** Task run times reach from a second to the task timeout: buckets up to an hour. */
    private static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};
    private final MeterRegistry registry;
    private final LeftOverProcesses leftOvers;
    private final Map<Long, TaskExecution> running = new ConcurrentHashMap<>();
    /** Recovered tasks whose left-overs a control thread is dealing with now. */
    private final Set<Long> settling = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private final ExecutorService control = Executors.newCachedThreadPool(daemon("task-control"));
    private volatile ExecutorService loops;
    private volatile boolean accepting;
    private long wakeups;

    public TaskWorkers(Pool pool, TaskQueue queue, ServerService servers, ServerCredentials credentials,
            SshConnector ssh, ApiConfig config, MeterRegistry registry, DatabaseOutage outage,
            InstanceHeartbeat beats) {
        this.outage = outage;
        this.beats = beats;
        this.pool = pool;
        this.queue = queue;
        this.servers = servers;
        this.credentials = credentials;
        this.ssh = ssh;
        this.config = config.tasks();
        this.timeouts = new TaskExecution.Timeouts(config.ssh().connectTimeout(), config.ssh().authTimeout(),
                config.tasks().killGrace(), config.ssh().keepalive());
        this.leftOvers = new LeftOverProcesses(ssh, timeouts);
        this.registry = registry;
    }

    /**
     * Recovery first (tasks a dead instance left running), then the workers start claiming; this
     * instance's own heartbeat before that, so that recovery may judge the others at once.
     */
    void onSchemaReady(@Observes SchemaMigrated migrated) {
        try {
            beats.beat().await().atMost(DB_WAIT);
        } catch (RuntimeException e) {
            outage.retrying(LOG, e, "Instance heartbeat failed");
        }
        recoverStale();
        int n = config.numWorkers();
        if (n <= 0) {
            LOG.info("TASKS_NUM_WORKERS=0: this instance queues tasks but runs none");
            return;
        }
        synchronized (this) {
            if (loops != null) {
                return;
            }
            accepting = true;
            loops = Executors.newFixedThreadPool(n, daemon("task-worker"));
            for (int i = 0; i < n; i++) {
                loops.execute(this::loop);
            }
        }
        LOG.infof("%d task worker(s) started, owner %s", n, queue.owner());
    }

    /** A task was queued here: an idle worker picks it up now rather than at its next poll. */
    public void wake() {
        synchronized (signal) {
            wakeups++;
            signal.notifyAll();
        }
    }

    /** Stops a task running on this instance, if it is one; returns at once. */
    public void cancelLocal(long taskId) {
        TaskExecution execution = running.get(taskId);
        if (execution != null) {
            control.execute(() -> execution.stop(TaskExecution.StopReason.CANCELLED));
        }
    }

    private void loop() {
        while (accepting) {
            Task task;
            try {
                task = queue.claim(config.concurrentPerServer()).await().atMost(DB_WAIT);
            } catch (RuntimeException e) {
                outage.retrying(LOG, e, "Could not claim a task (retrying)");
                idle();
                continue;
            }
            if (task == null) {
                idle();
            } else {
                execute(task);
            }
        }
    }

    private void idle() {
        synchronized (signal) {
            long seen = wakeups;
            try {
                long deadline = System.nanoTime() + config.pollInterval().toNanos();
                while (accepting && wakeups == seen) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return;
                    }
                    signal.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                accepting = false;
            }
        }
    }

    private void execute(Task task) {
        TaskExecution execution = new TaskExecution(task, ssh, timeouts, config.outputMaxBytes());
        running.put(task.id(), execution);
        // kept with the task, so that whoever recovers it after this instance dies can kill what it left
        execution.processGroup().thenAccept(pgid -> {
            if (pgid != null) {
                queue.recordProcessGroup(task.id(), pgid).subscribe().with(ok -> {
                }, e -> LOG.debugf("Task %d: its process group was not recorded: %s", task.id(), e.getMessage()));
            }
        });
        try {
            if (!accepting) {
                execution.stop(TaskExecution.StopReason.INTERRUPTED);
            }
            TaskExecution.Outcome outcome = run(execution);
            Task done = queue.finish(task, outcome).await().atMost(DB_WAIT);
            if (done != null && done.durationMs() != null) {
                Timer.builder("servermonitor.task.duration").description("Run time of finished tasks, by outcome")
                        .tag("status", done.status().value()).serviceLevelObjectives(DURATION_BUCKETS)
                        .register(registry).record(Duration.ofMillis(done.durationMs()));
            }
            LOG.infof("Task %d on server %d: %s", task.id(), task.serverId(), outcome.status().value());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Task %d: could not record its end", task.id());
        } finally {
            running.remove(task.id());
        }
    }

    private TaskExecution.Outcome run(TaskExecution execution) {
        Task task = execution.task();
        Server server = servers.find(task.serverId()).await().atMost(DB_WAIT);
        if (server == null) {
            return failedBeforeStart(task, "the server was deleted before the task ran");
        }
        if (!server.hostKeyTrusted()) {
            return failedBeforeStart(task, "host_key_untrusted: the server's host key is no longer trusted");
        }
        SshTarget target;
        try {
            target = credentials.target(server).await().atMost(DB_WAIT);
        } catch (RuntimeException e) {
            return failedBeforeStart(task, "the server's credential could not be opened: " + e.getMessage());
        }
        return execution.run(target);
    }

    private LeftOverProcesses.Settled leftOvers(TaskQueue.Recovered task, Server server) {
        SshTarget target;
        try {
            target = credentials.target(server).await().atMost(DB_WAIT);
        } catch (RuntimeException e) {
            return LeftOverProcesses.notAttempted("its credential could not be opened");
        }
        return leftOvers.kill(task, target);
    }

    private TaskExecution.Outcome failedBeforeStart(Task task, String error) {
        return new TaskExecution.Outcome(TaskStatus.FAILED, null, error,
                new OutputCapture(0, false), new OutputCapture(0, false));
    }

    /**
     * Every poll interval while tasks run here: heartbeat them, and stop those a user cancelled through
     * another replica.
     */
    @Scheduled(every = "${api.tasks.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> heartbeat() {
        if (running.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return queue.heartbeat().invoke(cancelled -> cancelled.forEach(this::cancelLocal))
                .onFailure().invoke(e -> outage.retrying(LOG, e, "Task heartbeat failed")).onFailure()
                .recoverWithNull().replaceWithVoid();
    }

    /**
     * Every heartbeat interval: tasks left running by an instance that died become interrupted, within
     * about four heartbeats (40 s by default) of its death.
     */
    @Scheduled(every = "${servermonitor.heartbeat-interval}", delayed = "${servermonitor.heartbeat-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void recoverStale() {
        // after an outage every row is stale, the live replicas' too: not until this one has beaten for a while
        if (!beats.mayReconcile()) {
            return;
        }
        try {
            int recovered = queue.recoverStale(beats.staleAfter()).await().atMost(DB_WAIT);
            if (recovered > 0) {
                LOG.warnf("Marked %d task(s) interrupted: their instance stopped heartbeating over %d s ago",
                        recovered, beats.staleAfter().toSeconds());
            }
            // the ones just recovered, and any a recovering instance (this one or a dead one) left unsettled
            for (TaskQueue.Recovered r : queue.unsettled(beats.staleAfter(), Set.copyOf(settling)).await()
                    .atMost(DB_WAIT)) {
                if (settling.add(r.taskId())) {
                    try {
                        control.execute(() -> {
                            try {
                                settle(r);
                            } finally {
                                settling.remove(r.taskId());
                            }
                        });
                    } catch (RuntimeException e) {
                        settling.remove(r.taskId()); // shutting down: left for the next heartbeat, here or elsewhere
                    }
                }
            }
        } catch (RuntimeException e) {
            outage.retrying(LOG, e, "Task recovery failed (will retry)");
        }
    }

    /** Kills what a recovered task left on its server, then says so in its error and the audit log. */
    private void settle(TaskQueue.Recovered task) {
        LeftOverProcesses.Settled settled;
        if (task.pgid() == null || task.pgid() <= 1) {
            settled = LeftOverProcesses.unknown();
        } else {
            Server server;
            try {
                server = servers.find(task.serverId()).await().atMost(DB_WAIT);
            } catch (RuntimeException e) {
                outage.retrying(LOG, e, "Could not look up the server of recovered task " + task.taskId());
                return; // still to be settled: the next heartbeat tries again
            }
            if (server == null) {
                settled = LeftOverProcesses.notAttempted("the server was deleted");
            } else if (!server.hostKeyTrusted()) {
                settled = LeftOverProcesses.notAttempted("the server's host key is no longer trusted");
            } else {
                settled = leftOvers(task, server);
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            // this instance is stopping: the attempt was cut short, not answered; another instance takes it over
            return;
        }
        LOG.infof("Task %d, recovered from a dead instance: %s", task.taskId(), settled.sentence());
        try {
            queue.settleRecovered(task, task.error() + "; " + settled.sentence(), settled.outcome()).await()
                    .atMost(DB_WAIT);
        } catch (RuntimeException e) {
            // still to be settled: the next heartbeat tries again (a second kill finds nothing, or what is left)
            outage.retrying(LOG, e, "Could not record what was left of recovered task " + task.taskId());
        }
    }

    /**
     * SIGTERM: no new claims; every running task has its remote processes killed and is marked
     * interrupted, in parallel, before the workers' share of the shutdown budget runs out.
     */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        accepting = false;
        wake();
        long deadline = System.nanoTime() + SHUTDOWN_BUDGET.toNanos();
        if (!running.isEmpty()) {
            LOG.infof("Shutting down: interrupting %d running task(s)", running.size());
            running.values().forEach(e -> control.execute(() -> e.stop(TaskExecution.StopReason.INTERRUPTED)));
        }
        ExecutorService l = loops;
        if (l != null) {
            l.shutdown();
            try {
                l.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!running.isEmpty()) {
            try {
                int n = queue.interruptOwned("interrupted: central-api shut down before the task could be stopped"
                        + " cleanly").await().atMost(Duration.ofSeconds(2));
                LOG.warnf("Marked %d task(s) interrupted without a confirmed kill", n);
            } catch (RuntimeException e) {
                LOG.errorf("Could not mark running tasks interrupted: %s", e.getMessage());
            }
        }
        control.shutdownNow();
        if (l != null) {
            l.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
