package dev.servermonitor.gateway.terminal;

import java.net.http.HttpResponse;
import java.util.UUID;

import javax.sql.DataSource;

import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;
import dev.servermonitor.gateway.support.CentralApiResource;

/**
 * Users and servers made the way an operator makes them: through the real central-api (servers,
 * host-key trust), with users written straight to the table.
 */
final class TerminalFixtures {

    static final String SSH_PASSWORD = "terminal-ssh-password-1";

    private final DataSource db;
    private final long admin;

    TerminalFixtures(DataSource db) {
        this.db = db;
        this.admin = TestUsers.create(db, "admin");
    }

    long admin() {
        return admin;
    }

    long user(String role) {
        return TestUsers.create(db, role);
    }

    String token(long user) {
        return TestTokens.valid(user, TestUsers.username(db, user), "from-row");
    }

    /** A server on 127.0.0.1:{@code port} with a password, its host key trusted by an admin. */
    long trustedServer(int port, String fingerprint) {
        long id = server(port, "t" + UUID.randomUUID().toString().substring(0, 8),
                "{\"password\":\"" + SSH_PASSWORD + "\"}");
        trust(id, fingerprint);
        return id;
    }

    /** A server with the given user name and credential JSON, not trusted yet. */
    long server(int port, String username, String credential) {
        HttpResponse<String> r = api("POST", "/api/servers", admin, "{\"name\":\"terminal " + UUID.randomUUID()
                + "\",\"host\":\"127.0.0.1\",\"port\":" + port + ",\"username\":\"" + username + "\",\"credential\":"
                + credential + "}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("server not created: " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getLong("id");
    }

    void trust(long server, String fingerprint) {
        HttpResponse<String> r = api("PUT", "/api/servers/" + server + "/host-key", admin,
                "{\"fingerprint\":\"" + fingerprint + "\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("host key not trusted: " + r.statusCode() + " " + r.body());
        }
    }

    /** A call to the running central-api as {@code user}. */
    HttpResponse<String> api(String method, String path, long user, String json) {
        return central().request(method, path, token(user), json);
    }

    static ServiceProcess central() {
        return CentralApiResource.centralApi();
    }

    /** The session's row, column by column (values as text). */
    java.util.Map<String, String> sessionRow(String id) {
        var rows = DbRows.query(db, "select * from terminal_sessions where id = ?::uuid", id);
        if (rows.isEmpty()) {
            return null;
        }
        java.util.Map<String, String> row = new java.util.HashMap<>();
        rows.get(0).forEach((k, v) -> row.put(k, v == null ? null : v.toString()));
        return row;
    }

    java.util.List<java.util.Map<String, Object>> audit(String action, String sessionId) {
        return DbRows.audit(db, action, sessionId);
    }
}
