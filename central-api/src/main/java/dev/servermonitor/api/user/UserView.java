package dev.servermonitor.api.user;

/** A user as the API shows them. */
public record UserView(long id, String username, String email, String role) {
}
