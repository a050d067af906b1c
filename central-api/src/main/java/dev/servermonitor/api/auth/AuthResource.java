package dev.servermonitor.api.auth;

import static dev.servermonitor.api.RequestBodies.required;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.audit.RequestOrigin;

/** Login, token refresh and logout. Open to anyone: these are how a caller gets credentials. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    private final AuthService auth;

    public AuthResource(AuthService auth) {
        this.auth = auth;
    }

    @POST
    @Path("/login")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "Missing username or password")
    @APIResponse(responseCode = "401", description = "Invalid username or password")
    @APIResponse(responseCode = "429", description = "Too many failed logins; see Retry-After")
    public Uni<TokenResponse> login(LoginRequest body, @Context HttpServerRequest request) {
        return auth.login(required(body), RequestOrigin.of(request));
    }

    @POST
    @Path("/refresh")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "Missing refreshToken")
    @APIResponse(responseCode = "401", description = "Refresh token invalid, expired, revoked or reused")
    public Uni<TokenResponse> refresh(RefreshRequest body, @Context HttpServerRequest request) {
        return auth.refresh(required(body), RequestOrigin.of(request));
    }

    /** 204 whether or not the token was known. */
    @POST
    @Path("/logout")
    @APIResponse(responseCode = "204", description = "Done, no content")
    @APIResponse(responseCode = "400", description = "Missing refreshToken")
    public Uni<Void> logout(RefreshRequest body, @Context HttpServerRequest request) {
        return auth.logout(required(body), RequestOrigin.of(request));
    }
}
