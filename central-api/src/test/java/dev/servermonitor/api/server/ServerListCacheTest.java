package dev.servermonitor.api.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/**
 * The server list is answered from memory until the servers table changes, and a change shows in
 * the next list: at once for this replica's own writes, within a second for anyone else's (another
 * replica, the monitor's status, psql), also across a lost listener connection.
 */
@QuarkusTest
class ServerListCacheTest {

    /** A list read from the database waits for a lock on the table; one from memory does not. */
    private static final int FROM_MEMORY_MS = 2_000;

    @Inject
    DataSource db;

    @Inject
    ServerListCache cache;

    @Test
    void aClientReadsItsOwnChangesAtOnce() {
        long operator = TestUsers.create(db, "operator");
        // the announcement of each change is held back: what forgets the list is the write itself
        cache.hearing(false);
        try {
            String name = "own-" + UUID.randomUUID();
            names(operator); // kept
            int id = as(operator).body(server(name)).post("/api/servers").then().statusCode(201).extract().path("id");
            assertThat(names(operator)).contains(name);
            as(operator).body(server(name + "-renamed")).put("/api/servers/" + id).then().statusCode(200);
            assertThat(names(operator)).contains(name + "-renamed").doesNotContain(name);
            as(operator).delete("/api/servers/" + id).then().statusCode(204);
            assertThat(names(operator)).doesNotContain(name + "-renamed");
        } finally {
            cache.hearing(true);
        }
    }

    @Test
    void anotherWritersChangeShowsWithinASecond() {
        long viewer = TestUsers.create(db, "viewer");
        String name = "psql-" + UUID.randomUUID();
        names(viewer);
        long id = insert(name);
        await().atMost(Duration.ofSeconds(1)).until(() -> names(viewer).contains(name));
        // what the monitor writes: status and last seen
        DbRows.execute(db, "update servers set status = 'online', last_seen = now() where id = ?", id);
        await().atMost(Duration.ofSeconds(1)).until(() -> status(viewer, id).equals("online"));
        DbRows.execute(db, "delete from servers where id = ?", id);
        await().atMost(Duration.ofSeconds(1)).until(() -> !names(viewer).contains(name));
    }

    @Test
    void anUnchangedListIsAnsweredFromMemory() throws Exception {
        long viewer = TestUsers.create(db, "viewer");
        String name = "memory-" + UUID.randomUUID();
        insert(name);
        await().atMost(Duration.ofSeconds(1)).until(() -> names(viewer).contains(name));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("lock table servers in access exclusive mode");
            long started = System.nanoTime();
            assertThat(names(viewer, FROM_MEMORY_MS)).contains(name);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(FROM_MEMORY_MS));

            // and nothing is kept while changes may go unheard: then it asks the database, which waits
            cache.listening(false);
            try {
                assertThat(names(viewer, FROM_MEMORY_MS)).as("read from the locked table").isNull();
            } finally {
                c.rollback();
                cache.listening(true);
            }
        }
    }

    @Test
    void aChangeMadeWhileTheListenerWasCutOffStillShows() {
        long viewer = TestUsers.create(db, "viewer");
        names(viewer);
        assertThat(DbRows.query(db,
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database()"
                        + " and application_name = ?",
                "servermonitor-central-api-servers")).hasSize(1);
        String name = "unheard-" + UUID.randomUUID();
        insert(name);
        await().atMost(Duration.ofSeconds(5)).until(() -> names(viewer).contains(name));
        // and it listens again
        await().atMost(Duration.ofSeconds(5)).until(cache::isListening);
        String next = "heard-" + UUID.randomUUID();
        names(viewer);
        insert(next);
        await().atMost(Duration.ofSeconds(1)).until(() -> names(viewer).contains(next));
    }

    /** A server as another writer adds it (the sealed password is not one: nothing here opens it). */
    private long insert(String name) {
        return ((Number) DbRows.query(db, "insert into servers (name, host, port, username, password_sealed,"
                + " password_nonce, password_key_id) values (?, '127.0.0.1', 22, ?, '\\x00'::bytea, '\\x00'::bytea,"
                + " 'not-a-key') returning id", name, "u" + UUID.randomUUID())
                .get(0).get("id")).longValue();
    }

    private List<String> names(long userId) {
        return as(userId).get("/api/servers").then().statusCode(200).extract().jsonPath().getList("name");
    }

    /** The names, or null when no answer came within {@code withinMs}. */
    private List<String> names(long userId, int withinMs) throws Exception {
        RestAssuredConfig config = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", withinMs).setParam("http.connection.timeout", withinMs));
        try {
            return as(userId).config(config).get("/api/servers").then().statusCode(200).extract().jsonPath()
                    .getList("name");
        } catch (Exception timedOut) {
            if (timedOut.getClass().getName().contains("SocketTimeout")) {
                return null;
            }
            throw timedOut;
        }
    }

    private String status(long userId, long id) {
        return as(userId).get("/api/servers").then().statusCode(200).extract().jsonPath()
                .getString("find { it.id == " + id + " }.status");
    }

    private static Map<String, Object> server(String name) {
        return Map.of("name", name, "host", "127.0.0.1", "port", 22, "username",
                "u" + UUID.randomUUID().toString().substring(0, 8),
                "credential", Map.of("password", "list-cache-password-1"));
    }

    private RequestSpecification as(long userId) {
        return given().auth().oauth2(TestTokens.valid(userId, TestUsers.username(db, userId), "from-row"))
                .contentType(ContentType.JSON);
    }
}
