package dev.servermonitor.api.sshkey;

import java.util.List;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Queries on {@code ssh_keys}; deleted keys are invisible except to rotation. */
@ApplicationScoped
public class SshKeyRepository {

    public Uni<SshKey> insert(SqlClient tx, String name, String description, String type, String publicKey,
            String fingerprint, Sealed privateKey, Sealed passphrase, long createdBy) {
        Tuple t = Tuple.tuple().addString(name).addString(description).addString(type).addString(publicKey)
                .addString(fingerprint).addValue(bytes(privateKey.ciphertext()))
                .addValue(bytes(privateKey.nonce()))
                .addValue(passphrase == null ? null : bytes(passphrase.ciphertext()))
                .addValue(passphrase == null ? null : bytes(passphrase.nonce())).addString(privateKey.keyId())
                .addLong(createdBy);
        return tx.preparedQuery("insert into ssh_keys (name, description, key_type, public_key, fingerprint,"
                + " private_key_sealed, private_key_nonce, passphrase_sealed, passphrase_nonce, key_id, created_by)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning " + SshKey.COLUMNS).execute(t)
                .map(SshKeyRepository::firstOrNull);
    }

    public Uni<List<SshKey>> list(SqlClient db) {
        return db.preparedQuery("select " + SshKey.COLUMNS + " from ssh_keys where deleted_at is null order by id")
                .execute()
                .map(SshKeyRepository::all);
    }

    public Uni<SshKey> findById(SqlClient db, long id) {
        return db.preparedQuery("select " + SshKey.COLUMNS + " from ssh_keys where id = $1 and deleted_at is null")
                .execute(Tuple.of(id)).map(SshKeyRepository::firstOrNull);
    }

    /** How many servers use the key. */
    public Uni<Long> usage(SqlClient db, long id) {
        return db.preparedQuery("select count(*) from servers where ssh_key_id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> softDelete(SqlClient tx, long id) {
        return tx.preparedQuery("update ssh_keys set deleted_at = now() where id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Every row, deleted ones included (they still hold ciphertext), locked for re-sealing. */
    public Uni<List<SshKey>> allForUpdate(SqlClient tx) {
        return tx.preparedQuery("select " + SshKey.COLUMNS + " from ssh_keys order by id for update").execute()
                .map(SshKeyRepository::all);
    }

    public Uni<Void> reseal(SqlClient tx, long id, Sealed privateKey, Sealed passphrase) {
        Tuple t = Tuple.tuple().addLong(id).addValue(bytes(privateKey.ciphertext()))
                .addValue(bytes(privateKey.nonce()))
                .addValue(passphrase == null ? null : bytes(passphrase.ciphertext()))
                .addValue(passphrase == null ? null : bytes(passphrase.nonce())).addString(privateKey.keyId());
        return tx.preparedQuery("update ssh_keys set private_key_sealed = $2, private_key_nonce = $3,"
                + " passphrase_sealed = $4, passphrase_nonce = $5, key_id = $6 where id = $1").execute(t)
                .replaceWithVoid();
    }

    /**
     * bytea parameter (the mutiny Tuple's addBuffer cannot take a null, so values go in as core
     * Buffers).
     */
    private static Buffer bytes(byte[] value) {
        return Buffer.buffer(value);
    }

    private static SshKey firstOrNull(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? SshKey.from(rows.iterator().next()) : null;
    }

    private static List<SshKey> all(RowSet<Row> rows) {
        return StreamSupport.stream(rows.spliterator(), false).map(SshKey::from).toList();
    }
}
