package dev.servermonitor.api.support;

import java.time.Duration;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/** Test-only: logs what it is sent, from a worker thread or after an asynchronous hop. */
@Path("/test-support/log")
@PermitAll
@Consumes(MediaType.TEXT_PLAIN)
public class LogProbeResource {

    private static final Logger LOG = Logger.getLogger(LogProbeResource.class);

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
