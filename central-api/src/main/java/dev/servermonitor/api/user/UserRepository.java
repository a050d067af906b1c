package dev.servermonitor.api.user;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Queries on {@code users}. Every method takes the client to run on, so callers choose the
 * transaction.
 */
@ApplicationScoped
public class UserRepository {

    public Uni<Long> count(SqlClient db) {
        return db.query("select count(*) from users").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** By user name or e-mail, case-insensitively; null when there is none. */
    public Uni<User> findByLogin(SqlClient db, String login) {
        return db.preparedQuery("select " + User.COLUMNS
                + " from users where lower(username) = lower($1) or lower(email) = lower($1) limit 1")
                .execute(Tuple.of(login)).map(UserRepository::firstOrNull);
    }

    public Uni<User> findById(SqlClient db, long id) {
        return db.preparedQuery("select " + User.COLUMNS + " from users where id = $1").execute(Tuple.of(id))
                .map(UserRepository::firstOrNull);
    }

    public Uni<User> insert(SqlClient db, String username, String email, String passwordHash, String role) {
        return db.preparedQuery("insert into users (username, email, password_hash, role) values ($1, $2, $3, $4)"
                + " returning " + User.COLUMNS).execute(Tuple.of(username, email, passwordHash, role))
                .map(UserRepository::firstOrNull);
    }

    public Uni<Void> recordLogin(SqlClient db, long id) {
        return db.preparedQuery("update users set last_login_at = now() where id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    private static User firstOrNull(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? User.from(rows.iterator().next()) : null;
    }
}
