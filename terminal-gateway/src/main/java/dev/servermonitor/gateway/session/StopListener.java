package dev.servermonitor.gateway.session;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    /** How its connection shows in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "servermonitor-terminal-gateway-stop-listener";
    // how long the shutdown waits for the connection's goodbye to PostgreSQL (a few ms when it answers)
    private static final long CLOSE_WAIT_MS = 2_000;
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
                .setMetricsName("postgresql|stop-listener")
                .addProperty("application_name", APPLICATION_NAME);
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

    /**
     * Closes the connection and waits until it is closed: left closing, PostgreSQL's answer to the
     * goodbye arrived after Vert.x had stopped, and closing the connection's own client then logged an
     * ERROR ("Failed to submit a listener notification task. Event loop shut down?") after "stopped".
     */
    void onShutdown(@Observes ShutdownEvent event) {
        if (subscriber == null) {
            return;
        }
        try {
            subscriber.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("Stop listener did not close cleanly: %s", e);
        }
    }
}
