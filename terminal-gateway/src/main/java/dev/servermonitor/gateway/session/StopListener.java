package dev.servermonitor.gateway.session;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;

import dev.servermonitor.common.db.ChannelListener;
import dev.servermonitor.common.schema.SchemaMigrated;

/**
 * Listens on Postgres channel {@code terminal_stop}: central-api's {@code POST
 * /api/terminal/sessions/{id}/stop} notifies it with the session id, and whichever gateway holds
 * that session ends it. Reconnects by itself when the database goes away.
 */
@ApplicationScoped
public class StopListener {

    public static final String CHANNEL = "terminal_stop";
    /** How its connection shows in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "servermonitor-terminal-gateway-stop-listener";
    private static final Logger LOG = Logger.getLogger(StopListener.class);

    private final TerminalSessions sessions;
    private final ChannelListener listener;

    // the datasource's own settings: the subscriber needs a dedicated connection the pool cannot give
    public StopListener(TerminalSessions sessions, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password) {
        this.sessions = sessions;
        // it keeps nothing a missed notification could leave stale, so connects and losses need no answer
        this.listener = new ChannelListener(vertx,
                ChannelListener.options(url, user, password, "stop-listener", APPLICATION_NAME), CHANNEL,
                this::onStop, () -> {
                }, () -> {
                });
    }

    void onStart(@Observes SchemaMigrated event) {
        listener.start();
    }

    private void onStop(String payload) {
        UUID id;
        try {
            id = UUID.fromString(payload.strip());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignored a malformed stop request on %s", CHANNEL);
            return;
        }
        if (sessions.stop(id)) {
            LOG.infof("Terminal %s stopped on request", id);
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        listener.close();
    }
}
