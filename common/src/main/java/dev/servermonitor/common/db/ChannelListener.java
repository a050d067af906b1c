package dev.servermonitor.common.db;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * A connection of its own that LISTENs on one Postgres channel (the pool cannot lend one for good)
 * and reconnects every second while the database is away — at start too, where Vert.x's subscriber
 * would give up after one failed attempt. It says when the LISTEN is in effect and when it is lost
 * — dropped by the database, or silent: a ping every {@code PING_MS} that gets no answer within
 * {@code PING_TIMEOUT_MS}, or fails, counts as lost and the connection is replaced — so a user of
 * the notifications knows when it may have missed some.
 */
public final class ChannelListener {

    private static final Logger LOG = Logger.getLogger(ChannelListener.class);
    private static final long RECONNECT_MS = 1_000;
    private static final long PING_MS = 2_000;
    private static final long PING_TIMEOUT_MS = 1_000;
    // how long the shutdown waits for the connection's goodbye to PostgreSQL (a few ms when it answers)
    private static final long CLOSE_WAIT_MS = 2_000;

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final String channel;
    private final Consumer<String> onNotification;
    private final Runnable onListening;
    private final Runnable lost;
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;
    private long pinger = -1;

    /**
     * @param options
     *            from {@link #options}
     * @param onListening
     *            the LISTEN is in effect (at the first connect and after each reconnect)
     * @param onLost
     *            the connection is gone or unanswered; notifications may be missed until the next
     *            {@code onListening}
     */
    public ChannelListener(Vertx vertx, PgConnectOptions options, String channel, Consumer<String> onNotification,
            Runnable onListening, Runnable onLost) {
        this.vertx = vertx;
        this.options = options;
        this.channel = channel;
        this.onNotification = onNotification;
        this.onListening = onListening;
        this.lost = onLost;
    }

    private PgSubscriber subscriber() {
        PgSubscriber s = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> {
            // called at each loss and each failed retry of a connection that was up: nothing is heard until
            // LISTEN is back
            lost.run();
            if (retries == 0) {
                LOG.debugf("Listener on %s disconnected; reconnecting", channel);
            }
            return RECONNECT_MS;
        });
        s.channel(channel).handler(onNotification::accept).subscribeHandler(v -> onListening.run());
        return s;
    }

    /**
     * The datasource's own settings for a listener connection, named {@code applicationName} in
     * {@code pg_stat_activity} and {@code postgresql_*{clientName=metricsName}} among the meters
     * (unnamed, its client meters were exported with no prefix at all: m__current, m__queue_size…).
     */
    public static PgConnectOptions options(String reactiveUrl, String user, String password, String metricsName,
            String applicationName) {
        String url = reactiveUrl.startsWith("vertx-reactive:") ? reactiveUrl.substring(15) : reactiveUrl;
        return PgConnectOptions.fromUri(url).setUser(user).setPassword(password)
                .setMetricsName("postgresql|" + metricsName).addProperty("application_name", applicationName);
    }

    /** Connects (and keeps reconnecting); returns at once. */
    public void start() {
        connect(0);
        pinger = vertx.setPeriodic(PING_MS, id -> ping());
    }

    /**
     * A first connect that fails is retried with a new subscriber: Vert.x's retries only a lost one.
     */
    private void connect(int failures) {
        PgSubscriber s = subscriber();
        subscriber = s;
        s.connect().onFailure(e -> {
            if (stopped) {
                return;
            }
            if (failures == 0) {
                LOG.warnf("Listener on %s could not connect yet (retrying every %d ms): %s", channel, RECONNECT_MS,
                        e.getMessage());
            }
            s.close();
            vertx.setTimer(RECONNECT_MS, id -> {
                if (!stopped) {
                    connect(failures + 1);
                }
            });
        });
    }

    private void ping() {
        PgConnection connection = subscriber.actualConnection();
        if (connection == null) {
            return;
        }
        long timeout = vertx.setTimer(PING_TIMEOUT_MS, id -> {
            LOG.warnf("Listener on %s got no answer within %d ms; reconnecting", channel, PING_TIMEOUT_MS);
            lost.run();
            connection.close();
        });
        connection.query("select 1").execute().onComplete(r -> {
            vertx.cancelTimer(timeout);
            if (r.failed()) {
                // a connection that answers with an error is not trusted to deliver: replaced like a silent one
                lost.run();
                connection.close();
            }
        });
    }

    /**
     * Closes the connection and waits until it is closed: left closing, PostgreSQL's answer to the
     * goodbye arrived after Vert.x had stopped, and closing the connection's own client then logged an
     * ERROR ("Failed to submit a listener notification task. Event loop shut down?") after "stopped".
     */
    public void close() {
        if (pinger < 0) {
            return; // never started
        }
        stopped = true;
        vertx.cancelTimer(pinger);
        try {
            subscriber.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("Listener on %s did not close cleanly: %s", channel, e);
        }
    }
}
