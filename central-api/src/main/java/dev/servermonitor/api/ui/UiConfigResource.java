package dev.servermonitor.api.ui;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.vertx.core.http.HttpServerRequest;

/**
 * What the web UI needs before login: where the other services are. Configured URLs win; without
 * them the services are on the host the browser used, on their default ports, so one build works
 * locally and behind an ingress that routes paths (deploy/README.md).
 */
@Path("/api/config")
@PermitAll
public class UiConfigResource {

    private final UiUrls urls;

    public UiConfigResource(UiUrls urls) {
        this.urls = urls;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "OK")
    public UiConfigView config(@Context HttpServerRequest request) {
        return new UiConfigView(urls.gateway(request), urls.monitor(request));
    }
}
