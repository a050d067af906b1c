package dev.servermonitor.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Every request with a valid token is checked against the {@code users} row ({@link ActiveUsers}):
 * a deleted or disabled user, or a token issued before the last password change, is refused on the
 * next request, and the role is the one the row holds now (a demotion applies at once, not when the
 * token expires).
 */
@ApplicationScoped
public class ActiveUserAugmentor implements SecurityIdentityAugmentor {

    private final ActiveUsers users;

    public ActiveUserAugmentor(ActiveUsers users) {
        this.users = users;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        return users.current(jwt).map(user -> {
            MDC.put("user_id", Long.toString(user.id()));
            return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole(user.role())
                    .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes())
                    .addAttribute(CurrentUser.ATTRIBUTE, user).build();
        });
    }
}
