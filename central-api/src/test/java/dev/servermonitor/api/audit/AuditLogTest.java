package dev.servermonitor.api.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.StringReader;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

@QuarkusTest
class AuditLogTest {

    @Inject
    DataSource db;

    @Test
    void theListIsNewestFirstFilteredAndPagedByCursor() {
        String action = seed(5, "plain");
        RequestSpecification auditor = as(TestUsers.create(db, "auditor"));

        Response first = as(TestUsers.create(db, "auditor")).queryParam("action", action).queryParam("limit", 2)
                .get("/api/audit-logs");
        first.then().statusCode(200).body("items.size()", equalTo(2)).body("items[0].username", equalTo("user5"))
                .body("items[1].username", equalTo("user4"));
        Response second = auditor.queryParam("action", action).queryParam("limit", 2)
                .queryParam("cursor", first.<String>path("nextCursor")).get("/api/audit-logs");
        second.then().statusCode(200).body("items.username", equalTo(List.of("user3", "user2")));
        as(TestUsers.create(db, "admin")).queryParam("action", action).queryParam("limit", 2)
                .queryParam("cursor", second.<String>path("nextCursor")).get("/api/audit-logs").then()
                .body("items.username", equalTo(List.of("user1"))).body("nextCursor", nullValue());
    }

    @Test
    void theUserNameFilterMatchesInAnyLetterCaseAndOnlyThatName() {
        String action = seed(5, "plain");
        as(TestUsers.create(db, "auditor")).queryParam("action", action).queryParam("username", "USER3")
                .get("/api/audit-logs").then().statusCode(200).body("items.username", equalTo(List.of("user3")));
        as(TestUsers.create(db, "auditor")).queryParam("action", action).queryParam("username", "user")
                .get("/api/audit-logs").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void onlyAdminsAndAuditorsReadTheLog() {
        for (String role : List.of("operator", "viewer")) {
            long caller = TestUsers.create(db, role);
            as(caller).get("/api/audit-logs").then().statusCode(403);
            as(caller).get("/api/export/audit/csv").then().statusCode(403);
        }
        given().get("/api/audit-logs").then().statusCode(401);
    }

    @Test
    void badFiltersAre400() {
        RequestSpecification admin = as(TestUsers.create(db, "admin"));
        admin.queryParam("from", "yesterday").get("/api/audit-logs").then().statusCode(400);
        as(TestUsers.create(db, "admin")).queryParam("limit", 1001).get("/api/audit-logs").then().statusCode(400);
        as(TestUsers.create(db, "admin")).queryParam("cursor", "garbage!").get("/api/audit-logs").then()
                .statusCode(400);
        as(TestUsers.create(db, "admin")).queryParam("limit", 50_001).get("/api/export/audit/csv").then()
                .statusCode(400)
                .body("message", equalTo("limit must be a whole number from 1 to 50000"));
    }

    @Test
    void aCsvExportOf50kRowsIsCompleteAndNeutralisesFormulas() throws Exception {
        String action = seed(50_000, "spreadsheet");
        long auditor = TestUsers.create(db, "auditor");

        Response r = as(auditor).queryParam("action", action).queryParam("limit", 50_000).get("/api/export/audit/csv");
        r.then().statusCode(200).header("Content-Disposition",
                equalTo("attachment; filename=\"audit-logs-" + LocalDate.now(ZoneOffset.UTC) + ".csv\""));
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.asString())).getRecords();

        assertThat(records).hasSize(50_000);
        assertThat(records).filteredOn(rec -> rec.get("username").contains("cmd")).hasSize(50)
                .allSatisfy(rec -> assertThat(rec.get("username")).isEqualTo("'=cmd|' /C calc'!A0"));
        assertThat(records).filteredOn(rec -> rec.get("target_id").startsWith("'"))
                .extracting(rec -> rec.get("target_id"))
                .containsOnly("'+1", "'-2", "'@SUM(1)");
        assertThat(records).noneMatch(rec -> rec.values()[0].isEmpty());
        assertThat(DbRows.audit(db, "audit.export", null)).anySatisfy(a -> {
            assertThat(a.get("user_id")).isEqualTo(auditor);
            assertThat(a.get("meta").toString()).contains("\"rows\": 50000", action, "csv");
        });
    }

    @Test
    void theJsonExportIsAnArrayAndReplacesLargeMetaWithAMarker() throws Exception {
        String action = seed(2, "plain");
        // audit rows are append-only (an UPDATE is refused by the database), so the large one is a third insert
        DbRows.execute(db, "insert into audit_logs (occurred_at, service, action, username, meta)"
                + " values (now() + interval '1 second', 'central_api', ?, 'big', jsonb_build_object('big', repeat('x', 2000)))",
                action);

        Response r = as(TestUsers.create(db, "admin")).queryParam("action", action).get("/api/export/audit/json");
        r.then().statusCode(200);
        JsonNode array = new ObjectMapper().readTree(r.asString());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(3);
        JsonNode big = array.get(0);
        assertThat(big.get("username").asText()).isEqualTo("big");
        assertThat(big.get("meta").get("_truncated").asBoolean()).isTrue();
        assertThat(big.get("meta").get("_size").asInt()).isGreaterThan(2000);
        assertThat(array.get(1).get("meta").get("n").asInt()).isEqualTo(2);
        assertThat(array.get(1).get("timestamp").asText()).endsWith("Z");
    }

    /**
     * {@code n} rows under a fresh action name, one per second apart, user1 oldest; returns the action.
     */
    private String seed(int n, String kind) {
        String action = "test." + kind + "." + UUID.randomUUID().toString().substring(0, 8);
        DbRows.execute(db, "insert into audit_logs (occurred_at, service, action, username, target_id, meta)"
                + " select now() - make_interval(secs => ? - g), 'central_api', ?,"
                + " case when ? = 'spreadsheet' and g % 1000 = 0 then '=cmd|'' /C calc''!A0' else 'user' || g end,"
                + " case when ? <> 'spreadsheet' then g::text when g % 1000 = 1 then '+1' when g % 1000 = 2 then '-2'"
                + " when g % 1000 = 3 then '@SUM(1)' else g::text end, jsonb_build_object('n', g)"
                + " from generate_series(1, ?) g", (double) n, action, kind, kind, n);
        return action;
    }

    private RequestSpecification as(long userId) {
        return given().auth().oauth2(TestTokens.valid(userId, TestUsers.username(db, userId), "from-row"));
    }
}
