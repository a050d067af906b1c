package dev.servermonitor.api.user;

import java.util.List;
import java.util.stream.StreamSupport;

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

    public Uni<List<User>> list(SqlClient db) {
        return db.preparedQuery("select " + User.COLUMNS + " from users order by id").execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(User::from).toList());
    }

    /** The row, locked until the transaction ends; null when there is none. */
    public Uni<User> findByIdForUpdate(SqlClient tx, long id) {
        return tx.preparedQuery("select " + User.COLUMNS + " from users where id = $1 for update")
                .execute(Tuple.of(id)).map(UserRepository::firstOrNull);
    }

    /** Locks every active admin row and returns how many there are (serialises last-admin checks). */
    public Uni<Integer> lockActiveAdmins(SqlClient tx) {
        return tx.query("select id from users where role = 'admin' and enabled for update").execute()
                .map(RowSet::size);
    }

    public Uni<User> update(SqlClient tx, long id, String email, String role, boolean enabled) {
        return tx.preparedQuery("update users set email = $2, role = $3, enabled = $4, updated_at = now()"
                + " where id = $1 returning " + User.COLUMNS).execute(Tuple.of(id, email, role, enabled))
                .map(UserRepository::firstOrNull);
    }

    /** New hash, and every access token issued before now stops working. */
    public Uni<Void> setPassword(SqlClient tx, long id, String passwordHash) {
        return tx.preparedQuery("update users set password_hash = $2, password_changed_at = now(), updated_at = now()"
                + " where id = $1").execute(Tuple.of(id, passwordHash)).replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient tx, long id) {
        return tx.preparedQuery("delete from users where id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> recordLogin(SqlClient db, long id) {
        return db.preparedQuery("update users set last_login_at = now() where id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    private static User firstOrNull(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? User.from(rows.iterator().next()) : null;
    }
}
