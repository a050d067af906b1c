package dev.servermonitor.api.task;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Tasks by status across all replicas (the table is the truth), refreshed every few seconds:
 * Prometheus gauges {@code servermonitor_tasks{status}} and
 * {@code servermonitor_tasks_queue_depth}, and the figures in {@code /api/metrics}. Run durations
 * are recorded by the workers as {@code servermonitor_task_duration_seconds}.
 */
@ApplicationScoped
public class TaskMetrics {

    private static final Logger LOG = Logger.getLogger(TaskMetrics.class);

    private final TaskRepository tasks;
    private final Map<TaskStatus, AtomicLong> counts = new EnumMap<>(TaskStatus.class);
    private volatile boolean known;

    public TaskMetrics(TaskRepository tasks, MeterRegistry registry) {
        this.tasks = tasks;
        for (TaskStatus status : TaskStatus.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("servermonitor.tasks", count, AtomicLong::get).tag("status", status.value())
                    .description("Tasks in each status, all replicas").register(registry);
        }
        Gauge.builder("servermonitor.tasks.queue.depth", counts.get(TaskStatus.QUEUED), AtomicLong::get)
                .description("Tasks waiting for a worker").register(registry);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return tasks.countByStatus().invoke(byStatus -> {
            counts.forEach((status, count) -> count.set(byStatus.getOrDefault(status.value(), 0L)));
            known = true;
        }).onFailure().invoke(e -> LOG.debugf("Task counts not refreshed: %s", e.getMessage())).onFailure()
                .recoverWithNull().replaceWithVoid();
    }

    /** Null until the first count has been read. */
    public Long running() {
        return known ? counts.get(TaskStatus.RUNNING).get() : null;
    }

    /** Null until the first count has been read. */
    public Long queued() {
        return known ? counts.get(TaskStatus.QUEUED).get() : null;
    }
}
