package dev.servermonitor.common.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;

import dev.servermonitor.common.db.ChannelListener;
import dev.servermonitor.common.schema.SchemaMigrated;

/**
 * Hears the changes to users and login sessions on Postgres channel {@value ActiveUsers#CHANNEL}
 * (announced by the triggers of migration V11, whoever makes the change: any service, any replica,
 * or psql) and has {@link ActiveUsers} forget what it kept of them. Starts once the schema, and so
 * the triggers, exist; until it listens, {@link ActiveUsers} keeps nothing.
 */
@ApplicationScoped
public class AccessChangeListener {

    /** How its connection shows in {@code pg_stat_activity}, after the service's name. */
    static final String APPLICATION_NAME_SUFFIX = "-access-listener";

    private final ChannelListener listener;

    // the datasource's own settings: the listener needs a dedicated connection the pool cannot give
    public AccessChangeListener(ActiveUsers users, Vertx vertx,
            @ConfigProperty(name = "servermonitor.service") String service,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password) {
        this.listener = new ChannelListener(vertx,
                ChannelListener.options(url, user, password, "access-listener",
                        "servermonitor-" + service.replace('_', '-') + APPLICATION_NAME_SUFFIX),
                ActiveUsers.CHANNEL, users::announced, () -> users.listening(true), () -> users.listening(false));
    }

    void onStart(@Observes SchemaMigrated event) {
        listener.start();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        listener.close();
    }
}
