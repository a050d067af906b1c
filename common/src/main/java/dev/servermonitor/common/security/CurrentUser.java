package dev.servermonitor.common.security;

import io.quarkus.security.identity.SecurityIdentity;

/** The authenticated user as the database knows them at this request. */
public record CurrentUser(long id, String username, String role) {

    static final String ATTRIBUTE = "servermonitor.user";

    /** The user behind an authenticated identity, or null for an anonymous one. */
    public static CurrentUser of(SecurityIdentity identity) {
        return identity.getAttribute(ATTRIBUTE);
    }
}
