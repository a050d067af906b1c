package dev.servermonitor.common.security;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.NonBlocking;

/**
 * What this service makes of the caller's token: lets a client check a token against any service.
 */
@Path("/api/auth/whoami")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class WhoAmIResource {

    private final SecurityIdentity identity;

    public WhoAmIResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @NonBlocking
    public WhoAmIView whoami() {
        CurrentUser user = CurrentUser.of(identity);
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        return new WhoAmIView(user.id(), user.username(), user.role(), Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    public record WhoAmIView(long userId, String username, String role, Instant expiresAt) {
    }
}
