package dev.servermonitor.api.user;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.servermonitor.api.ApiConfig;

/**
 * bcrypt hashing and checking. Both take a quarter of a second by design, so they run on a worker
 * thread and resume on the caller's context.
 */
@ApplicationScoped
public class PasswordHasher {

    private final Vertx vertx;
    private final int cost;
    /**
     * Checked against when the user does not exist, so both cases take the same time; made on first
     * use.
     */
    private volatile String decoy;

    public PasswordHasher(Vertx vertx, ApiConfig config) {
        this.vertx = vertx;
        this.cost = config.auth().bcryptCost();
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, cost)), false);
    }

    /**
     * True when {@code password} matches {@code hash}; a null hash is checked against a decoy and
     * fails. A password over bcrypt's 72 bytes never matches and is not hashed at all.
     */
    public Uni<Boolean> matches(String password, String hash) {
        if (!PasswordPolicy.fitsBcrypt(password)) {
            return Uni.createFrom().item(false);
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> check(password, hash)), false);
    }

    private boolean check(String password, String hash) {
        if (!PasswordPolicy.fitsBcrypt(password)) {
            return false; // bcrypt would compare only a prefix
        }
        if (hash == null) {
            BcryptUtil.matches(password, decoy());
            return false;
        }
        try {
            return BcryptUtil.matches(password, hash);
        } catch (RuntimeException notABcryptHash) {
            return false;
        }
    }

    private String decoy() {
        String d = decoy;
        if (d == null) {
            d = BcryptUtil.bcryptHash("decoy-password-for-unknown-users", cost);
            decoy = d;
        }
        return d;
    }
}
