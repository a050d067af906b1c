package dev.servermonitor.monitor.processes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.error.WholeNumberParam;
import dev.servermonitor.common.ssh.SshFailure;
import dev.servermonitor.monitor.collect.Fleet;
import dev.servermonitor.monitor.collect.ServerPoller;
import dev.servermonitor.monitor.history.StatsService;

/**
 * A server's busiest processes, read on demand over the SSH session its polls already use. Pages
 * asking for the same server at once share one run (each run takes about a second on the server).
 */
@ApplicationScoped
public class ProcessService {

    static final int DEFAULT_LIMIT = 15;
    static final int MAX_LIMIT = 50;
    /** Far more than a host with thousands of processes prints. */
    static final int MAX_OUTPUT = 8 * 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Fleet fleet;
    private final StatsService stats;
    private final Map<Long, Uni<String>> running = new ConcurrentHashMap<>();

    public ProcessService(Fleet fleet, StatsService stats) {
        this.fleet = fleet;
        this.stats = stats;
    }

    /**
     * @param withCommandLines
     *            false: the process name instead of its command line (which may carry secrets)
     */
    public Uni<ProcessesView> top(long serverId, String sort, String limit, boolean withCommandLines) {
        String by = sort(sort);
        int n = limit(limit);
        return stats.requireServer(serverId).chain(s -> output(serverId)).map(out -> {
            List<ProcessView> all = ProcessTable.parse(out, withCommandLines);
            List<ProcessView> top = all.stream().sorted(ProcessTable.order(by)).limit(n).toList();
            return new ProcessesView(serverId, Instant.now(), by, all.size(), top);
        }).onFailure(ProcessTable.Unreadable.class)
                .transform(e -> new ApiException(502, "unreadable_answer", e.getMessage()));
    }

    private Uni<String> output(long serverId) {
        return running.computeIfAbsent(serverId, id -> fleet
                .runOnOpenSession(id, ProcessScript.COMMAND, MAX_OUTPUT, TIMEOUT).map(r -> r.stdout())
                .onFailure(ServerPoller.NotConnected.class)
                .transform(e -> new ApiException(409, "not_connected", e.getMessage()))
                .onFailure(SshFailure.class)
                .transform(e -> new ApiException(502, "ssh_failed", "the server did not answer: " + e.getMessage()))
                .onTermination().invoke(() -> running.remove(id)).memoize().indefinitely());
    }

    static String sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return "cpu";
        }
        if (!sort.equals("cpu") && !sort.equals("memory")) {
            throw ApiException.invalid("sort must be cpu or memory");
        }
        return sort;
    }

    static int limit(String limit) {
        return WholeNumberParam.of("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
    }
}
