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

    /**
     * A trusted server on 127.0.0.1:{@code port} with a password, made through {@code api} (a packaged
     * central-api a test started itself) with an admin's {@code token}; a fresh login name each time.
     */
    public static long trustedServer(ServiceProcess api, String token, int port, String password,
            String fingerprint) {
        HttpResponse<String> created = api.request("POST", "/api/servers", token,
                "{\"name\":\"server " + UUID.randomUUID() + "\",\"host\":\"127.0.0.1\",\"port\":" + port
                        + ",\"username\":\"s" + UUID.randomUUID().toString().substring(0, 8)
                        + "\",\"credential\":{\"password\":\"" + password + "\"}}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("server not created: " + created.statusCode() + " " + created.body());
        }
        long id = new JsonObject(created.body()).getLong("id");
        HttpResponse<String> trusted = api.request("PUT", "/api/servers/" + id + "/host-key", token,
                "{\"fingerprint\":\"" + fingerprint + "\"}");
        if (trusted.statusCode() != 200) {
            throw new IllegalStateException("host key not trusted: " + trusted.statusCode() + " " + trusted.body());
        }
        return id;
    }

    /** A call to the running central-api as {@code user}. */
    public HttpResponse<String> api(String method, String path, long user, String json) {
        return central().request(method, path, token(user), json);
    }

    public static ServiceProcess central() {
        return CentralApiResource.centralApi();
    }
}
