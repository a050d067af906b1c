package dev.servermonitor.api.terminal;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.QueryParams;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.security.Roles;

/**
 * Terminal sessions as users see them: admins all, operators their own; recordings for admins and
 * auditors; stopping a live one (admin or owner), audited.
 */
@ApplicationScoped
public class TerminalSessionService {

    private final Pool pool;
    private final TerminalSessionRepository sessions;
    private final AuditWriter audit;

    public TerminalSessionService(Pool pool, TerminalSessionRepository sessions, AuditWriter audit) {
        this.pool = pool;
        this.sessions = sessions;
        this.audit = audit;
    }

    public Uni<TerminalSessionPage> page(TerminalSessionFilter.Query query, CurrentUser viewer) {
        TerminalSessionFilter filter = query.filter();
        if (!Roles.ADMIN.equals(viewer.role())) {
            filter = filter.onlyFor(viewer.id());
        }
        return sessions.page(filter, QueryParams.limit(query.limit(), 50, 500), query.cursor());
    }

    public Uni<TerminalSessionView> get(String id, CurrentUser viewer) {
        return visible(parse(id), viewer);
    }

    /**
     * The asciicast text; 404 for an unknown session or one recorded without a recording, 410 for a
     * recording retention removed. Fetched lazily: existence is checked first so a missing one is a
     * clean error, not a broken stream.
     */
    public Uni<Multi<String>> recording(String id) {
        UUID uuid = parse(id);
        return sessions.find(uuid).map(s -> {
            if (s == null || !s.recording()) {
                throw new ApiException(404, "not_found", s == null
                        ? "No terminal session with id " + id
                        : "Terminal session " + id + " was not recorded (TERMINAL_RECORDING_ENABLED was false)");
            }
            if (s.recordingRemovedAt() != null) {
                throw new ApiException(410, "recording_removed", "The recording of terminal session " + id
                        + " was removed on " + s.recordingRemovedAt() + " (RECORDING_RETENTION_DAYS)");
            }
            return sessions.recording(uuid);
        });
    }

    /** Asks the gateway holding the session to end it; 409 when it has already ended. */
    public Uni<TerminalSessionView> stop(String id, CurrentUser actor, RequestOrigin origin) {
        UUID uuid = parse(id);
        return visible(uuid, actor).chain(s -> {
            if (!s.active()) {
                throw new ApiException(409, "session_ended",
                        "Terminal session " + id + " has already ended (" + s.status() + ")");
            }
            return pool.withTransaction(tx -> sessions.notifyStop(tx, uuid)
                    .chain(() -> audit.append(tx, AuditEntry.of("terminal.stop").by(actor.id(), actor.username())
                            .on("terminal_session", uuid).with(Map.of("serverId", s.serverId(), "ownerId", s.userId(),
                                    "ownerInstance", s.ownerInstance())),
                            origin)))
                    .replaceWith(s);
        });
    }

    private Uni<TerminalSessionView> visible(UUID id, CurrentUser viewer) {
        return sessions.find(id).map(s -> {
            if (s == null || (!Roles.ADMIN.equals(viewer.role()) && s.userId() != viewer.id())) {
                throw new ApiException(404, "not_found", "No terminal session with id " + id);
            }
            return s;
        });
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "not_found", "No terminal session with id " + id);
        }
    }
}
