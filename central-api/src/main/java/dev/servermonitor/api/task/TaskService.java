package dev.servermonitor.api.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.api.QueryParams;
import dev.servermonitor.api.server.Server;
import dev.servermonitor.api.server.ServerService;
import dev.servermonitor.api.task.policy.PolicyVerdict;
import dev.servermonitor.api.task.policy.TaskPolicy;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.error.RateLimitedException;
import dev.servermonitor.common.logging.Redactor;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;

/**
 * Remote tasks as users see them: create (validated, policy-checked, rate-limited, audited), list,
 * read, cancel. Running them is {@link TaskWorkers}' job.
 */
@ApplicationScoped
public class TaskService {

    static final int DEFAULT_TIMEOUT_SECONDS = 60;
    static final int MAX_TIMEOUT_SECONDS = 600;
    /** Commands in audit rows: password-like arguments and tokens masked, length capped. */
    private static final Redactor AUDIT_REDACTOR = new Redactor(List.of());
    private static final int AUDIT_COMMAND_MAX = 1000;

    private final Pool pool;
    private final TaskRepository tasks;
    private final ServerService servers;
    private final TaskPolicy policy;
    private final AuditWriter audit;
    private final TaskWorkers workers;
    private final ApiConfig.Tasks config;
    private final Vertx vertx;

    public TaskService(Pool pool, TaskRepository tasks, ServerService servers, TaskPolicy policy, AuditWriter audit,
            TaskWorkers workers, ApiConfig config, Vertx vertx) {
        this.pool = pool;
        this.tasks = tasks;
        this.servers = servers;
        this.policy = policy;
        this.audit = audit;
        this.workers = workers;
        this.config = config.tasks();
        this.vertx = vertx;
    }

    public Uni<TaskView> create(long serverId, TaskRequest request, CurrentUser actor, RequestOrigin origin) {
        String command = validCommand(request.command());
        int timeout = validTimeout(request.timeoutSeconds());
        boolean storeOutput = request.storeOutput() == null || request.storeOutput();
        return servers.find(serverId).map(s -> ApiException.requireFound(s, "server", serverId))
                .chain(server -> {
                    if (!server.hostKeyTrusted()) {
                        throw new ApiException(409, "host_key_untrusted", "Trust the server's host key first (POST then"
                                + " PUT /api/servers/" + serverId + "/host-key); no task runs on an unverified host");
                    }
                    // regex work on up to TASK_COMMAND_MAX_LENGTH characters: kept off the event loop
                    return vertx.executeBlocking(Uni.createFrom().item(() -> policy.check(command)), false)
                            .chain(verdict -> verdict.allowed()
                                    ? queue(serverId, command, timeout, storeOutput, actor, origin)
                                    : blocked(server, command, verdict, actor, origin));
                }).invoke(task -> workers.wake()).map(TaskView::of);
    }

    private Uni<Task> queue(long serverId, String command, int timeout, boolean storeOutput, CurrentUser actor,
            RequestOrigin origin) {
        return pool.withTransaction(tx -> tasks.lockAndCountRecent(tx, actor.id()).chain(recent -> {
            if (recent.count() >= config.createPerMinute()) {
                throw new RateLimitedException(recent.secondsUntilOldestExpires(),
                        "At most " + config.createPerMinute() + " tasks per minute; try again in "
                                + recent.secondsUntilOldestExpires() + " s");
            }
            return tasks.insert(tx, serverId, actor, command, timeout, storeOutput);
        }).call(task -> audit.append(tx, entry("task.create", actor, task.id()).with(createMeta(task)),
                origin)));
    }

    public Uni<TaskPage> page(TaskFilter.Query query, CurrentUser viewer) {
        TaskFilter filter = query.filter();
        if (!viewer.role().equals(Roles.ADMIN)) {
            filter = filter.onlyFor(viewer.id());
        }
        return tasks.page(filter, QueryParams.limit(query.limit(), 50, 500), query.cursor());
    }

    public Uni<TaskView> get(long id, CurrentUser viewer) {
        return visible(id, viewer, true).map(TaskView::of);
    }

    /**
     * A queued task is cancelled at once (200); a running one is marked and its remote process killed
     * by the worker that runs it, wherever that is (202); a finished one is a 409.
     */
    public Uni<CancelResult> cancel(long id, CurrentUser actor, RequestOrigin origin) {
        return visible(id, actor, false).chain(before -> pool.withTransaction(tx -> tasks.cancelQueued(tx, id)
                .chain(cancelled -> cancelled != null
                        ? Uni.createFrom().item(new CancelResult(cancelled, true))
                        : tasks.requestCancel(tx, id).map(running -> {
                            if (running == null) {
                                throw new ApiException(409, "task_finished",
                                        "Task " + id + " has already finished; nothing to cancel");
                            }
                            return new CancelResult(running, false);
                        }))
                .call(result -> audit.append(tx, entry("task.cancel", actor, id).with(Map.of("serverId",
                        result.task().serverId(), "was", result.done() ? "queued" : "running")), origin))))
                .invoke(result -> {
                    if (!result.done()) {
                        workers.cancelLocal(id);
                    }
                });
    }

    /** {@code done}: the task is already cancelled; otherwise cancellation is under way. */
    public record CancelResult(Task task, boolean done) {
    }

    private Uni<Task> visible(long id, CurrentUser viewer, boolean withOutput) {
        return tasks.find(pool, id, withOutput).map(task -> {
            if (task == null || (!viewer.role().equals(Roles.ADMIN) && task.userId() != viewer.id())) {
                throw new ApiException(404, "not_found", "No task with id " + id);
            }
            return task;
        });
    }

    private Uni<Task> blocked(Server server, String command, PolicyVerdict verdict, CurrentUser actor,
            RequestOrigin origin) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("serverId", server.id());
        meta.put("command", auditCommand(command));
        meta.put("policyMode", verdict.policyMode());
        meta.put("rule", verdict.rule());
        meta.put("reason", AUDIT_REDACTOR.redact(verdict.reason()));
        return pool.withTransaction(tx -> audit.append(tx,
                AuditEntry.of("task.blocked").by(actor.id(), actor.username()).on("server", server.id()).with(meta),
                origin)).map(v -> {
                    throw new PolicyViolationException(verdict);
                });
    }

    private String validCommand(String command) {
        if (command == null || command.isBlank()) {
            throw ApiException.invalid("command is required");
        }
        int length = command.codePointCount(0, command.length());
        if (length > config.commandMaxLength()) {
            throw ApiException
                    .invalid("command is at most " + config.commandMaxLength() + " characters (this one has " + length
                            + ")");
        }
        if (command.indexOf('\0') >= 0) {
            throw ApiException.invalid("command must not contain a NUL character");
        }
        return command;
    }

    private static int validTimeout(Integer timeoutSeconds) {
        if (timeoutSeconds == null) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw ApiException.invalid("timeoutSeconds must be from 1 to " + MAX_TIMEOUT_SECONDS);
        }
        return timeoutSeconds;
    }

    private static Map<String, Object> createMeta(Task task) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("serverId", task.serverId());
        meta.put("command", auditCommand(task.command()));
        meta.put("timeoutSeconds", task.timeoutSeconds());
        meta.put("storeOutput", task.storeOutput());
        return meta;
    }

    static String auditCommand(String command) {
        String redacted = AUDIT_REDACTOR.redact(command);
        return redacted.length() <= AUDIT_COMMAND_MAX ? redacted : redacted.substring(0, AUDIT_COMMAND_MAX) + "…";
    }

    private static AuditEntry entry(String action, CurrentUser actor, long taskId) {
        return AuditEntry.of(action).by(actor.id(), actor.username()).on("task", taskId);
    }

}
