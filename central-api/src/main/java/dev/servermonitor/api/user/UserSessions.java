package dev.servermonitor.api.user;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Ends every sign-in of a user, in the caller's transaction: what a disable or a new password does
 * besides the user row (a delete takes the sign-ins with the row). Sign-ins are auth's (its refresh
 * tokens implement this), so that the dependency runs one way: auth knows users, users know only
 * this.
 */
public interface UserSessions {

    /** Revokes all of the user's sign-ins; the number revoked. */
    Uni<Integer> endAllOf(SqlClient tx, long userId);
}
