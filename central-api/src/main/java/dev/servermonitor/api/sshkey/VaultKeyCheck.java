package dev.servermonitor.api.sshkey;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.config.CommonConfig;
import dev.servermonitor.common.health.CheckResult;
import dev.servermonitor.common.health.ReadinessCheck;
import dev.servermonitor.common.logging.Causes;
import dev.servermonitor.common.schema.SchemaMigrated;

/**
 * The configured master key opens the vault: checked once the schema exists, against a verification
 * value sealed with the vault's key on first start ({@code vault_key_check}). A key that does not
 * open it stops the start in production and makes the service not ready elsewhere, naming
 * {@code KEY_VAULT_MASTER_KEY}, instead of failing at the first connection test.
 */
@ApplicationScoped
public class VaultKeyCheck implements ReadinessCheck {

    private static final Logger LOG = Logger.getLogger(VaultKeyCheck.class);
    static final String PLAINTEXT = "servermonitor key vault verification v1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * The outcome of one verification; {@code wrongKey} when the key is known not to open the vault.
     */
    record Verdict(CheckResult result, boolean wrongKey) {

        static Verdict ok(String reason) {
            return new Verdict(CheckResult.ok(reason), false);
        }

        static Verdict wrong(String reason) {
            return new Verdict(CheckResult.fail(reason), true);
        }
    }

    private final Pool pool;
    private final VaultKeys vault;
    private final CommonConfig config;
    private volatile Verdict verdict = new Verdict(CheckResult.fail("not checked yet: the schema is not migrated"),
            false);
    private volatile boolean started;

    public VaultKeyCheck(Pool pool, VaultKeys vault, CommonConfig config) {
        this.pool = pool;
        this.vault = vault;
        this.config = config;
    }

    @Override
    public String name() {
        return "vault";
    }

    @Override
    public Uni<CheckResult> check() {
        return Uni.createFrom().item(verdict.result());
    }

    /** Runs on the migrating thread (never the event loop), so it may wait. */
    void onSchemaReady(@Observes SchemaMigrated migrated) {
        Verdict v;
        try {
            v = verify().await().atMost(WAIT);
        } catch (RuntimeException e) {
            v = new Verdict(CheckResult.fail("could not be checked: " + Causes.rootMessage(e)), false);
        }
        verdict = v;
        if (!v.wrongKey()) {
            return;
        }
        if (!config.production()) {
            LOG.warnf("%s; fatal with ENVIRONMENT=production", v.result().reason());
        } else if (started) {
            // the database came back after the start: stop now, as a start would have
            LOG.error(refusal(v));
            Quarkus.asyncExit(1);
        }
    }

    /** After SchemaMigrator (which fires SchemaMigrated when the database is up at start). */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 20) StartupEvent event) {
        started = true;
        Verdict v = verdict;
        if (v.wrongKey() && config.production()) {
            String line = refusal(v);
            LOG.error(line);
            throw new WrongVaultKeyException(line);
        }
    }

    private String refusal(Verdict v) {
        return v.result().reason() + " (ENVIRONMENT=" + config.environment() + ": refusing to start)";
    }

    /** Verifies the configured keys against the stored value, storing one first when there is none. */
    Uni<Verdict> verify() {
        if (!vault.configured()) {
            return Uni.createFrom().item(new Verdict(CheckResult.fail("KEY_VAULT_MASTER_KEY is not set"), false));
        }
        return stored(pool).chain(row -> row != null ? Uni.createFrom().item(judge(row)) : firstStart());
    }

    /**
     * No verification value yet (a new vault, or the first start of this version): vault values that
     * exist already must include one the configured keys open, else the key is wrong and nothing is
     * stored.
     */
    private Uni<Verdict> firstStart() {
        return pool.preparedQuery("select count(*) as total, count(*) filter (where key_id = any($1)) as ours"
                + " from ssh_keys where deleted_at is null").execute(Tuple.of(vault.keyIds().toArray(String[]::new)))
                .chain(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getLong("total") > 0 && r.getLong("ours") == 0) {
                        return Uni.createFrom().item(Verdict.wrong(doesNotOpen()));
                    }
                    Sealed s = vault.seal(PLAINTEXT);
                    return pool.preparedQuery("insert into vault_key_check (key_id, nonce, sealed) values ($1, $2, $3)"
                            + " on conflict (id) do nothing").execute(params(s))
                            .chain(() -> stored(pool)).map(this::judge);
                });
    }

    private Verdict judge(Sealed stored) {
        return vault.boxFor(stored.keyId()).map(box -> {
            try {
                return PLAINTEXT.equals(box.openString(stored))
                        ? Verdict.ok("opened with key " + stored.keyId())
                        : Verdict.wrong(doesNotOpen());
            } catch (IllegalArgumentException tampered) {
                return Verdict.wrong(doesNotOpen());
            }
        }).orElseGet(() -> Verdict.wrong(doesNotOpen()));
    }

    private String doesNotOpen() {
        return "KEY_VAULT_MASTER_KEY does not open the key vault: its values were sealed with another key"
                + (vault.keyIds().size() > 1 ? " (nor does KEY_VAULT_MASTER_KEY_NEXT)" : "")
                + "; set the key the vault was created with";
    }

    /** Re-seals the verification value with {@code next}, inside a rotation's transaction. */
    public Uni<Void> reseal(SqlClient tx, SecretBox next) {
        Sealed s = next.seal(PLAINTEXT);
        return tx.preparedQuery("insert into vault_key_check (key_id, nonce, sealed) values ($1, $2, $3)"
                + " on conflict (id) do update set key_id = excluded.key_id, nonce = excluded.nonce,"
                + " sealed = excluded.sealed, sealed_at = now()").execute(params(s)).replaceWithVoid();
    }

    private static Uni<Sealed> stored(SqlClient db) {
        return db.query("select key_id, nonce, sealed from vault_key_check where id = 1").execute()
                .map(VaultKeyCheck::first);
    }

    private static Sealed first(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return null;
        }
        Row r = rows.iterator().next();
        return new Sealed(r.getString("key_id"), r.getBuffer("nonce").getBytes(), r.getBuffer("sealed").getBytes());
    }

    private static Tuple params(Sealed s) {
        return Tuple.of(s.keyId(), Buffer.buffer(s.nonce()), Buffer.buffer(s.ciphertext()));
    }

    /** Aborts start-up; carries no stack trace because the message is the whole story. */
    static final class WrongVaultKeyException extends RuntimeException {

        WrongVaultKeyException(String message) {
            super(message, null, false, false);
        }
    }
}
