package dev.servermonitor.gateway.support;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * Test-only: makes an outgoing REST-client call while serving a request, to an echo of the header
 * it got.
 */
@Path("/test-support")
@PermitAll
public class ForwardingProbeResource {

    public interface EchoClient {

        @GET
        @Path("/test-support/echo-request-id")
        String echo();
    }

    @GET
    @Path("/echo-request-id")
    public String echo(@HeaderParam("X-Request-Id") String requestId) {
        return requestId == null ? "" : requestId;
    }

    @GET
    @Path("/forward")
    public String forward(@QueryParam("target") String target) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(target)).build(EchoClient.class).echo();
    }
}
