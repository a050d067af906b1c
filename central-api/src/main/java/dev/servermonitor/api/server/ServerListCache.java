package dev.servermonitor.api.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import dev.servermonitor.common.db.ChannelListener;
import dev.servermonitor.common.schema.SchemaMigrated;

/**
 * The server list as {@code GET /api/servers} answers it, serialised once and kept until the
 * servers table changes: migration V13's trigger announces every change on channel
 * {@value #CHANNEL} (whoever makes it: any replica, the monitor's status and {@code last_seen},
 * psql), and this replica's own writes forget it as soon as they commit, so a client reads its own
 * change at once. Nothing is kept while the announcements may be missed (before the LISTEN took
 * effect, after its connection was lost), nor for longer than {@code MAX_AGE_NANOS}.
 */
@ApplicationScoped
public class ServerListCache {

    static final String CHANNEL = "servers_changed";
    /** A notification lost without the connection noticing goes stale no longer than this. */
    static final long MAX_AGE_NANOS = 30_000_000_000L;

    private record Kept(long generation, long atNanos, byte[] json) {
    }

    private final AtomicLong generation = new AtomicLong();
    private final ChannelListener listener;
    private volatile boolean listening;
    private volatile boolean hearing = true;
    private volatile Kept kept;

    public ServerListCache(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password) {
        this.listener = new ChannelListener(vertx,
                ChannelListener.options(url, user, password, "servers-listener", "servermonitor-central-api-servers"),
                CHANNEL, payload -> announced(), () -> listening(true), () -> listening(false));
    }

    void onStart(@Observes SchemaMigrated event) {
        listener.start();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        listener.close();
    }

    /** The kept list, or what {@code load} answers (kept unless a change came while it ran). */
    public Uni<byte[]> get(Supplier<Uni<byte[]>> load) {
        long asked = generation.get();
        Kept k = kept;
        if (listening && k != null && k.generation() == asked && System.nanoTime() - k.atNanos() < MAX_AGE_NANOS) {
            return Uni.createFrom().item(k.json());
        }
        long at = System.nanoTime();
        return load.get().invoke(json -> {
            // a change announced while the rows were read may not be in them: then they are not kept
            if (listening && generation.get() == asked) {
                kept = new Kept(asked, at, json);
            }
        });
    }

    /** Forgets the list; call after a change to the servers table commits. */
    public void forget() {
        generation.incrementAndGet();
        kept = null;
    }

    private void announced() {
        if (hearing) {
            forget();
        }
    }

    /**
     * Tests: off stands for an announcement still on its way (this replica's own writes must not wait
     * for it).
     */
    void hearing(boolean on) {
        hearing = on;
    }

    void listening(boolean on) {
        listening = on;
        forget();
    }

    boolean isListening() {
        return listening;
    }
}
