package dev.servermonitor.common.security;

/**
 * The four roles (DESIGN.md); constants so {@code @RolesAllowed} lists are checked by the compiler.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
