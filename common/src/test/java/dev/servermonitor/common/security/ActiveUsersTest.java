package dev.servermonitor.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

import dev.servermonitor.common.db.ChannelListener;
import dev.servermonitor.common.testing.DatabaseProxy;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestDatabase;
import dev.servermonitor.common.testing.TestUsers;

/**
 * What {@link ActiveUsers} keeps, against the real PostgreSQL: an answer is reused until a change
 * to its user or session is announced, nothing is kept while no announcement can arrive, and the
 * listener says when that is (a connection dropped or gone silent). Changes here are made straight
 * in the database with no one listening, so only what this test announces reaches the cache.
 */
class ActiveUsersTest {

    private static final String DB = "central_api";
    private static final Duration T = Duration.ofSeconds(15);
    private static Vertx vertx;
    private static io.vertx.sqlclient.Pool pool;
    private static DataSource db;
    private static ActiveUsers users;

    @BeforeAll
    static void start() {
        db = TestDatabase.of(DB);
        // the schema as the services migrate it (V11 among it), in the database central-api's tests use
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect(5432)).using(vertx)
                .build();
        users = new ActiveUsers(io.vertx.mutiny.sqlclient.Pool.newInstance(pool));
    }

    @AfterAll
    static void stop() {
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static PgConnectOptions connect(int port) {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(port).setDatabase(TestDatabase.name(DB))
                .setUser("servermonitor_test").setPassword("servermonitor_test");
    }

    private static String role(long id, UUID session) {
        return users.current(token(id, session)).await().atMost(T).role();
    }

    @Test
    void aKeptAnswerStandsUntilItsUserIsAnnouncedThenTheRowSpeaksAgain() {
        long id = TestUsers.create(db, "operator");
        users.listening(true);
        assertThat(role(id, null)).isEqualTo("operator");

        TestUsers.setRole(db, id, "viewer");
        assertThat(role(id, null)).as("kept, not asked").isEqualTo("operator");

        users.announced("user:" + id);
        assertThat(role(id, null)).isEqualTo("viewer");
    }

    @Test
    void whileNotListeningNothingIsKeptAndWhatWasKeptIsDropped() {
        long id = TestUsers.create(db, "operator");
        users.listening(true);
        assertThat(role(id, null)).isEqualTo("operator");
        TestUsers.setRole(db, id, "viewer");

        users.listening(false);
        assertThat(role(id, null)).as("the kept answer went with the connection").isEqualTo("viewer");
        TestUsers.setRole(db, id, "admin");
        assertThat(role(id, null)).as("asked at every request").isEqualTo("admin");

        users.listening(true);
        assertThat(role(id, null)).isEqualTo("admin");
        TestUsers.setRole(db, id, "viewer");
        users.announced("an announcement not understood");
        assertThat(role(id, null)).as("forgets everything rather than guess").isEqualTo("viewer");
    }

    @Test
    void aSessionSignedOutIsRefusedOnceAnnouncedAndTheUsersOtherSessionsStay() {
        long id = TestUsers.create(db, "operator");
        UUID laptop = session(id);
        UUID phone = session(id);
        users.listening(true);
        assertThat(role(id, laptop)).isEqualTo("operator");
        assertThat(role(id, phone)).isEqualTo("operator");

        DbRows.execute(db, "update refresh_tokens set revoked_at = now() where family_id = ?", laptop);
        users.announced("session:" + laptop);

        assertThatThrownBy(() -> role(id, laptop)).isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("the login session was signed out or revoked");
        assertThat(role(id, phone)).isEqualTo("operator");
    }

    @Test
    void theListenerHearsTheTriggersAndSaysWhenItIsCutOffAndBack() {
        long id = TestUsers.create(db, "operator");
        CopyOnWriteArrayList<String> heard = new CopyOnWriteArrayList<>();
        CopyOnWriteArrayList<String> states = new CopyOnWriteArrayList<>();
        try (DatabaseProxy proxy = new DatabaseProxy()) {
            ChannelListener listener = new ChannelListener(vertx, connect(proxy.port()), ActiveUsers.CHANNEL,
                    heard::add, () -> states.add("listening"), () -> states.add("lost"));
            listener.start();
            await().atMost(T).until(() -> states.contains("listening"));

            TestUsers.disable(db, id);
            await().atMost(Duration.ofSeconds(1)).until(() -> heard.contains("user:" + id));

            proxy.down();
            await().atMost(T).until(() -> states.contains("lost"));
            proxy.resume();
            await().atMost(T).until(() -> states.lastIndexOf("listening") > states.indexOf("lost"));

            // silent: the connection stays open and nothing passes; the unanswered ping gives it up
            states.clear();
            proxy.freeze();
            await().atMost(T).until(() -> states.contains("lost"));
            proxy.resume();
            await().atMost(T).until(() -> states.lastIndexOf("listening") > states.indexOf("lost"));
            TestUsers.setRole(db, id, "viewer");
            await().atMost(Duration.ofSeconds(1))
                    .until(() -> heard.stream().filter(("user:" + id)::equals).count() == 2);
            listener.close();
        }
    }

    @Test
    void aListenerThatCannotConnectAtStartKeepsTrying() {
        CopyOnWriteArrayList<String> states = new CopyOnWriteArrayList<>();
        try (DatabaseProxy proxy = new DatabaseProxy()) {
            proxy.down();
            ChannelListener listener = new ChannelListener(vertx, connect(proxy.port()), ActiveUsers.CHANNEL, n -> {
            }, () -> states.add("listening"), () -> states.add("lost"));
            listener.start();
            try {
                Thread.sleep(2_500); // two retries refused
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(states).doesNotContain("listening");
            proxy.resume();
            await().atMost(T).until(() -> states.contains("listening"));
            listener.close();
        }
    }

    /** A refresh-token family of one live token; its id. */
    private static UUID session(long user) {
        UUID family = UUID.randomUUID();
        DbRows.execute(db, "insert into refresh_tokens (id, family_id, user_id, token_hash, expires_at)"
                + " values (?, ?, ?, ?, now() + interval '1 day')", UUID.randomUUID(), family, user, "hash-" + family);
        return family;
    }

    /** A verified token as ActiveUsers sees one: subject, issue time, and the session claim. */
    private static JsonWebToken token(long userId, UUID session) {
        Map<String, Object> claims = session == null
                ? Map.of("sub", Long.toString(userId), "iat", Instant.now().getEpochSecond())
                : Map.of("sub", Long.toString(userId), "iat", Instant.now().getEpochSecond(),
                        ActiveUsers.SESSION_CLAIM, session.toString());
        return new JsonWebToken() {

            @Override
            public String getName() {
                return "test";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }
}
