package dev.servermonitor.api.terminal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/**
 * The session records terminal-gateway writes, as central-api serves them (rows written straight to
 * the table here; the gateway's own tests drive real sessions through this API).
 */
@QuarkusTest
class TerminalSessionApiTest {

    @Inject
    DataSource db;

    private long admin;
    private long operator;
    private long server;

    @BeforeEach
    void users() {
        admin = TestUsers.create(db, "admin");
        operator = TestUsers.create(db, "operator");
        server = System.nanoTime() % 1_000_000_000L;
    }

    private UUID row(long user, String status, String startedAgo, boolean recording) {
        UUID id = UUID.randomUUID();
        DbRows.execute(db, "insert into terminal_sessions (id, user_id, username, server_id, server_name, cols, rows,"
                + " owner_instance, recording, status, started_at, ended_at) values (?, ?, 'u', ?, 'srv', 80, 24, 'gw-1', ?, ?,"
                + " now() - ?::interval, case when ? = 'active' then null else now() end)", id, user, server, recording,
                status, startedAgo, status);
        return id;
    }

    private RequestSpecification as(long user) {
        return given().auth().oauth2(TestTokens.valid(user, TestUsers.username(db, user), "x"));
    }

    @Test
    void pagesAreNewestFirstAndTheCursorWalksThroughAllOfThem() {
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(0, row(operator, "closed", (10 - i) + " minutes", false));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = as(admin).queryParam("serverId", server).queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor).get("/api/terminal/sessions").then()
                    .statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(made.stream().map(UUID::toString).toList());
    }

    @Test
    void operatorsSeeOnlyTheirOwnSessions() {
        UUID mine = row(operator, "active", "1 minute", false);
        UUID other = row(admin, "active", "1 minute", false);
        List<String> ids = as(operator).queryParam("serverId", server).get("/api/terminal/sessions").then()
                .statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(ids).containsExactly(mine.toString());
        as(operator).get("/api/terminal/sessions/" + other).then().statusCode(404);
        as(admin).get("/api/terminal/sessions/" + mine).then().statusCode(200);
    }

    @Test
    void badFiltersAndIdsAreClearClientErrors() {
        as(admin).queryParam("status", "bogus").get("/api/terminal/sessions").then().statusCode(400);
        as(admin).queryParam("cursor", "not-a-cursor").get("/api/terminal/sessions").then().statusCode(400);
        as(admin).queryParam("from", "yesterday").get("/api/terminal/sessions").then().statusCode(400);
        as(admin).get("/api/terminal/sessions/not-a-uuid").then().statusCode(404);
    }

    @Test
    void stoppingAnActiveSessionNotifiesTheGatewaysAndIsAudited() throws Exception {
        UUID id = row(operator, "active", "1 minute", false);
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("listen terminal_stop");
            as(operator).post("/api/terminal/sessions/" + id + "/stop").then().statusCode(202);
            PGNotification[] got = c.unwrap(PGConnection.class).getNotifications(5000);
            assertThat(got).extracting(PGNotification::getParameter).contains(id.toString());
        }
        assertThat(DbRows.audit(db, "terminal.stop", id)).singleElement()
                .satisfies(a -> assertThat(a.get("user_id")).isEqualTo(operator));
    }

    @Test
    void aSessionThatHasEndedCannotBeStopped() {
        UUID id = row(operator, "closed", "1 minute", false);
        as(admin).post("/api/terminal/sessions/" + id + "/stop").then().statusCode(409);
    }

    @Test
    void theRecordingIsTheChunksInOrderAndAnUnrecordedSessionHasNone() {
        UUID id = row(operator, "closed", "1 minute", true);
        DbRows.execute(db, "insert into terminal_recording_chunks (session_id, seq, data) values (?, 1, ?), (?, 0, ?)",
                id, "[0.5,\"o\",\"two\"]\n", id, "{\"version\":2,\"width\":80,\"height\":24}\n");
        String body = as(admin).get("/api/terminal/sessions/" + id + "/recording").then().statusCode(200)
                .contentType("application/x-asciicast").extract().asString();
        assertThat(body).isEqualTo("{\"version\":2,\"width\":80,\"height\":24}\n[0.5,\"o\",\"two\"]\n");
        UUID unrecorded = row(operator, "closed", "1 minute", false);
        as(admin).get("/api/terminal/sessions/" + unrecorded + "/recording").then().statusCode(404);
    }
}
