package dev.servermonitor.api.support;

import java.time.Duration;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Test-only: logs what it is sent, from a worker thread or after an asynchronous hop, or sends it
 * to the database as a parameter of a slow statement.
 */
@Path("/test-support/log")
@PermitAll
@Consumes(MediaType.TEXT_PLAIN)
public class LogProbeResource {

    private static final Logger LOG = Logger.getLogger(LogProbeResource.class);

    private final Pool pool;

    public LogProbeResource(Pool pool) {
        this.pool = pool;
    }

    /** A statement slower than DB_SLOW_QUERY_MS, with the message as one of its parameters. */
    @POST
    @Path("/slow-query")
    public Uni<Void> slowQuery(String message) {
        return pool.preparedQuery("select pg_sleep($1), $2::text").execute(Tuple.of(0.6, message))
                .replaceWithVoid();
    }

    @POST
    @Path("/blocking")
    public void blocking(String message) {
        LOG.info(message);
    }

    @POST
    @Path("/async")
    public Uni<Void> async(String message) {
        return Uni.createFrom().item(message).onItem().delayIt().by(Duration.ofMillis(20))
                .invoke(m -> LOG.info(m)).replaceWithVoid();
    }

    @POST
    @Path("/error")
    public void error(String message) {
        LOG.error("operation failed", new IllegalStateException(message));
    }
}
