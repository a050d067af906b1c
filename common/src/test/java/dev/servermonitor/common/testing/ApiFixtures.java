package dev.servermonitor.common.testing;

import java.net.http.HttpResponse;
import java.util.UUID;

import javax.sql.DataSource;

import io.vertx.core.json.JsonObject;

/**
 * Users and servers made the way an operator makes them: through the real central-api (servers,
 * host-key trust), with users written straight to the table. For the gateway's and the monitor's
 * tests, which run central-api through {@link CentralApiResource}.
 */
public class ApiFixtures {

    protected final DataSource db;
    private final long admin;

    public ApiFixtures(DataSource db) {
        this.db = db;
        this.admin = TestUsers.create(db, "admin");
    }

    public long admin() {
        return admin;
    }

    public long user(String role) {
        return TestUsers.create(db, role);
    }

    public String token(long user) {
        return TestTokens.valid(user, TestUsers.username(db, user), "from-row");
    }

    /**
     * A server on 127.0.0.1:{@code port} logging in as {@code username} with a password, trusted by an
     * admin.
     */
    public long trustedServer(int port, String username, String password, String fingerprint) {
        long id = server(port, username, "{\"password\":\"" + password + "\"}");
        trust(id, fingerprint);
        return id;
    }

    /** A server with the given user name and credential JSON, not trusted yet. */
    public long server(int port, String username, String credential) {
        HttpResponse<String> r = api("POST", "/api/servers", admin, "{\"name\":\"server " + UUID.randomUUID()
                + "\",\"host\":\"127.0.0.1\",\"port\":" + port + ",\"username\":\"" + username + "\",\"credential\":"
                + credential + "}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("server not created: " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getLong("id");
    }

    public void trust(long server, String fingerprint) {
        HttpResponse<String> r = api("PUT", "/api/servers/" + server + "/host-key", admin,
                "{\"fingerprint\":\"" + fingerprint + "\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("host key not trusted: " + r.statusCode() + " " + r.body());
        }
    }

    /** A call to the running central-api as {@code user}. */
    public HttpResponse<String> api(String method, String path, long user, String json) {
        return central().request(method, path, token(user), json);
    }

    public static ServiceProcess central() {
        return CentralApiResource.centralApi();
    }
}
