package dev.servermonitor.api.user;

import java.util.Set;
import java.util.regex.Pattern;

import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.Roles;

/** The bodies of the user routes, each with the checks that make a bad one a 400. */
public final class UserRequests {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.AUDITOR);

    private UserRequests() {
    }

    /** {@code POST /api/users}. */
    public record Create(String username, String email, String password, String role) {

        void validate() {
            checkUsername(username);
            checkEmail(email);
            PasswordPolicy.check("password", password);
            checkRole(role);
        }
    }

    /** {@code PUT /api/users/{id}} (admin): any field left out stays as it is. */
    public record Update(String email, String role, Boolean enabled) {

        void validate() {
            if (email != null) {
                checkEmail(email);
            }
            if (role != null) {
                checkRole(role);
            }
        }
    }

    /** {@code PUT /api/users/me}: only the e-mail; a role here must be the caller's own. */
    public record UpdateMe(String email, String role) {

        void validate() {
            if (email != null) {
                checkEmail(email);
            }
        }
    }

    /** {@code POST /api/users/{id}/password}: {@code currentPassword} is required for one's own. */
    public record PasswordChange(String currentPassword, String newPassword) {

        void validate() {
            PasswordPolicy.check("newPassword", newPassword);
        }
    }

    public static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiException.invalid("username must be 3-64 characters of letters, digits, '.', '_' or '-'");
        }
    }

    public static void checkEmail(String email) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw ApiException.invalid("email must be a valid e-mail address");
        }
    }

    static void checkRole(String role) {
        if (role == null || !ROLES.contains(role)) {
            throw ApiException.invalid("role must be one of admin, operator, viewer, auditor");
        }
    }

}
