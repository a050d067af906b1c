package dev.servermonitor.api.server;

import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.sshd.client.session.ClientSession;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.CurrentUser;
import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshFailure;
import dev.servermonitor.common.ssh.SshPurpose;
import dev.servermonitor.common.ssh.SshTarget;

/** Host-key fetch and trust, and the connection test: the parts of the inventory that talk SSH. */
@ApplicationScoped
public class ServerConnections {

    static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
    static final String TEST_COMMAND = "echo servermonitor-ok";

    private final Pool pool;
    private final ServerRepository servers;
    private final ServerCredentials credentials;
    private final SshConnector ssh;
    private final AuditWriter audit;
    private final Vertx vertx;
    private final ApiConfig.Ssh timeouts;
    private final ServerListCache listCache;

    public ServerConnections(Pool pool, ServerRepository servers, ServerCredentials credentials, SshConnector ssh,
            AuditWriter audit, Vertx vertx, ApiConfig config, ServerListCache listCache) {
        this.pool = pool;
        this.servers = servers;
        this.credentials = credentials;
        this.ssh = ssh;
        this.audit = audit;
        this.vertx = vertx;
        this.timeouts = config.ssh();
        this.listCache = listCache;
    }

    /** What the server presents now, and whether that is the trusted key. Trusts nothing. */
    public Uni<HostKeyView> fetchHostKey(long id) {
        return server(id).chain(s -> blocking(() -> ssh.fetchHostKey(s.host(), s.port(), timeouts.connectTimeout()))
                .map(key -> new HostKeyView(key.fingerprint(), key.type(),
                        key.fingerprint().equals(s.hostKeyFingerprint()))));
    }

    /** Trusts {@code fingerprint} only if it is what the server presents right now. */
    public Uni<ServerView> trustHostKey(long id, String fingerprint, CurrentUser actor, RequestOrigin origin) {
        if (fingerprint == null || !FINGERPRINT.matcher(fingerprint).matches()) {
            throw ApiException.invalid("fingerprint must look like SHA256:<43 base64 characters>");
        }
        return server(id).chain(s -> blocking(() -> ssh.fetchHostKey(s.host(), s.port(), timeouts.connectTimeout()))
                .chain(presented -> {
                    if (!presented.fingerprint().equals(fingerprint)) {
                        throw new ApiException(409, "host_key_mismatch",
                                "The server presents " + presented.fingerprint()
                                        + ", not the fingerprint given; nothing was trusted");
                    }
                    return pool.withTransaction(tx -> servers
                            .trustHostKey(tx, id, presented.fingerprint(), presented.type())
                            .call(after -> audit.append(tx, AuditEntry.of("server.host_key_trust")
                                    .by(actor.id(), actor.username()).on("server", id)
                                    .with(Map.of("fingerprint", presented.fingerprint(), "type", presented.type(),
                                            "previous", String.valueOf(s.hostKeyFingerprint()))),
                                    origin)))
                            .onItemOrFailure().invoke((done, failed) -> listCache.forget());
                })).map(Server::view);
    }

    /** Connects with the stored credential and trusted key and runs a harmless command. */
    public Uni<TestResult> test(long id, CurrentUser actor, RequestOrigin origin) {
        return server(id).invoke(s -> {
            if (!s.hostKeyTrusted()) {
                throw new ApiException(409, "host_key_untrusted",
                        "Trust the server's host key first (POST then PUT /api/servers/" + id + "/host-key)");
            }
        }).chain(s -> vertx.executeBlocking(credentials.target(s).map(this::runTest), false)
                .call(result -> "host_key_mismatch".equals(result.errorCode())
                        ? pool.withTransaction(tx -> audit.append(tx, AuditEntry.of("server.host_key_mismatch")
                                .by(actor.id(), actor.username()).on("server", id)
                                .with(Map.of("trusted", s.hostKeyFingerprint(), "presented", result.presented())),
                                origin))
                        : Uni.createFrom().voidItem()));
    }

    private TestResult runTest(SshTarget target) {
        long started = System.nanoTime();
        try (ClientSession session = ssh.connect(SshPurpose.CONNECTION_TEST, target, timeouts.connectTimeout(),
                timeouts.authTimeout())) {
            String out = session.executeRemoteCommand(TEST_COMMAND, timeouts.commandTimeout());
            long ms = (System.nanoTime() - started) / 1_000_000;
            return out.strip().equals("servermonitor-ok")
                    ? TestResult.ok(ms)
                    : TestResult.failed(ms, "ssh_error", "unexpected output from the test command", null);
        } catch (SshFailure f) {
            return TestResult.failed((System.nanoTime() - started) / 1_000_000, f.code(), f.getMessage(),
                    f.presented() == null ? null : f.presented().fingerprint());
        } catch (java.io.IOException e) {
            return TestResult.failed((System.nanoTime() - started) / 1_000_000, "ssh_error",
                    "the test command failed: " + e.getClass().getSimpleName(), null);
        }
    }

    private Uni<Server> server(long id) {
        return servers.findById(pool, id).map(s -> ApiException.requireFound(s, "server", id));
    }

    private <T> Uni<T> blocking(SshCall<T> call) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return call.run();
            } catch (SshFailure f) {
                // a refused host is policy, not a fault of the server
                throw new ApiException("host_denied".equals(f.code()) ? 403 : 502, f.code(), f.getMessage());
            }
        }), false);
    }

    @FunctionalInterface
    private interface SshCall<T> {

        T run() throws SshFailure;
    }

    /** {@code trusted}: whether the presented key is the one on record. */
    public record HostKeyView(String fingerprint, String type, boolean trusted) {
    }

    /** 200 whether or not the connection worked: the test ran. {@code error} says why not. */
    public record TestResult(boolean ok, long latencyMs, String error, String errorCode, String presented) {

        static TestResult ok(long ms) {
            return new TestResult(true, ms, null, null, null);
        }

        static TestResult failed(long ms, String code, String message, String presented) {
            return new TestResult(false, ms, message, code, presented);
        }
    }
}
