package dev.servermonitor.api.server;

import java.util.List;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.api.sshkey.Sealed;

/** Queries on {@code servers}. */
@ApplicationScoped
public class ServerRepository {

    /** The fields a create or update writes; a null credential pair keeps the stored one. */
    record Fields(String name, String host, int port, String username, String description, String[] tags,
            Long sshKeyId, Sealed password) {
    }

    public Uni<Server> insert(SqlClient tx, Fields f) {
        return tx.preparedQuery("insert into servers (name, host, port, username, description, tags, ssh_key_id,"
                + " password_sealed, password_nonce, password_key_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                + " returning " + Server.COLUMNS).execute(tuple(f)).map(ServerRepository::firstOrNull);
    }

    /** Updates the fields; when {@code resetHostKey}, the trusted host key is forgotten too. */
    public Uni<Server> update(SqlClient tx, long id, Fields f, boolean replaceCredential, boolean resetHostKey) {
        String hostKey = resetHostKey
                ? ", host_key_fingerprint = null, host_key_type = null, host_key_trusted_at = null"
                : "";
        String set = "update servers set name = $2, host = $3, port = $4, username = $5, description = $6, tags = $7";
        Tuple t = Tuple.tuple().addLong(id).addString(f.name()).addString(f.host()).addInteger(f.port())
                .addString(f.username()).addString(f.description()).addArrayOfString(f.tags());
        if (replaceCredential) {
            set += ", ssh_key_id = $8, password_sealed = $9, password_nonce = $10, password_key_id = $11";
            addCredential(t, f);
        }
        return tx.preparedQuery(set + hostKey + ", updated_at = now() where id = $1 returning " + Server.COLUMNS)
                .execute(t).map(ServerRepository::firstOrNull);
    }

    public Uni<Server> findById(SqlClient db, long id) {
        return db.preparedQuery("select " + Server.COLUMNS + " from servers where id = $1").execute(Tuple.of(id))
                .map(ServerRepository::firstOrNull);
    }

    public Uni<Server> findByIdForUpdate(SqlClient tx, long id) {
        return tx.preparedQuery("select " + Server.COLUMNS + " from servers where id = $1 for update")
                .execute(Tuple.of(id)).map(ServerRepository::firstOrNull);
    }

    public Uni<List<Server>> list(SqlClient db) {
        return db.preparedQuery("select " + Server.COLUMNS + " from servers order by lower(name), id").execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(Server::from).toList());
    }

    public Uni<Void> delete(SqlClient tx, long id) {
        return tx.preparedQuery("delete from servers where id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Server> trustHostKey(SqlClient tx, long id, String fingerprint, String type) {
        return tx.preparedQuery("update servers set host_key_fingerprint = $2, host_key_type = $3,"
                + " host_key_trusted_at = now(), updated_at = now() where id = $1 returning " + Server.COLUMNS)
                .execute(Tuple.of(id, fingerprint, type)).map(ServerRepository::firstOrNull);
    }

    /** True when a vault key with this id exists and is not deleted. */
    public Uni<Boolean> sshKeyUsable(SqlClient db, long keyId) {
        return db.preparedQuery("select 1 from ssh_keys where id = $1 and deleted_at is null").execute(Tuple.of(keyId))
                .map(rows -> rows.iterator().hasNext());
    }

    private static Tuple tuple(Fields f) {
        return addCredential(Tuple.tuple().addString(f.name()).addString(f.host()).addInteger(f.port())
                .addString(f.username()).addString(f.description()).addArrayOfString(f.tags()), f);
    }

    private static Tuple addCredential(Tuple t, Fields f) {
        return t.addLong(f.sshKeyId()).addValue(f.password() == null ? null : Buffer.buffer(f.password().ciphertext()))
                .addValue(f.password() == null ? null : Buffer.buffer(f.password().nonce()))
                .addString(f.password() == null ? null : f.password().keyId());
    }

    private static Server firstOrNull(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Server.from(rows.iterator().next()) : null;
    }
}
