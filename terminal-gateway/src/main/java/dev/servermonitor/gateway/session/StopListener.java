package dev.servermonitor.gateway.session;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

import dev.servermonitor.common.schema.SchemaMigrated;

/**
 * Listens on Postgres channel {@code terminal_stop}: central-api's {@code POST
 * /api/terminal/sessions/{id}/stop} notifies it with the session id, and whichever gateway holds
 * that session ends it. Reconnects by itself when the database goes away.
 */
@ApplicationScoped
public class StopListener {

    public static final String CHANNEL = "terminal_stop";
    private static final Logger LOG = Logger.getLogger(StopListener.class);

    private final TerminalSessions sessions;
    private final Vertx vertx;
    private final PgConnectOptions options;
    private PgSubscriber subscriber;

    // the datasource's own settings: the subscriber needs a dedicated connection the pool cannot give
    public StopListener(TerminalSessions sessions, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password) {
        this.sessions = sessions;
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(user).setPassword(password)
                // its client meters join the pool's as postgresql_*{clientName="stop-listener"}; unnamed, they
                // were exported with no prefix at all (m__current, m__queue_size, …)
                .setMetricsName("postgresql|stop-listener");
    }

    void onStart(@Observes SchemaMigrated event) {
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(this::onStop);
        subscriber.closeHandler(v -> LOG.debug("Stop listener disconnected; reconnecting"));
        subscriber.connect()
                .onFailure(e -> LOG.warnf("Stop listener could not connect yet (retrying): %s", e.getMessage()));
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
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
