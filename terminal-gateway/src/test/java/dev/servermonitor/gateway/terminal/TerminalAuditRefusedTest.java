package dev.servermonitor.gateway.terminal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.DbRows;

/**
 * The audit trail refuses the gateway's rows (a trigger on {@code audit_logs}, as a revoked grant
 * or a full partition would): readiness says so, a session still ends with its true reason, and its
 * audit entry is written once the trail takes rows again. Once, sessions stayed {@code active} with
 * no end and no audit, and readiness stayed 200.
 */
@QuarkusTest
class TerminalAuditRefusedTest extends InProcessTerminalTest {

    /** Every beat (10 s) the held entries are tried again. */
    static final Duration BEAT = Duration.ofSeconds(20);

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private long operator;

    @BeforeEach
    void operator() {
        operator = fx.user("operator");
    }

    @AfterEach
    void allowAudit() {
        DbRows.execute(db, "drop trigger if exists refuse_gateway_audit on audit_logs");
    }

    private void refuseAudit() {
        DbRows.execute(db, "create or replace function refuse_gateway_audit() returns trigger language plpgsql as"
                + " $$ begin raise exception 'audit rows refused by the test'; end $$");
        DbRows.execute(db, "create trigger refuse_gateway_audit before insert on audit_logs for each row"
                + " when (new.service = 'terminal_gateway') execute function refuse_gateway_audit()");
    }

    @Test
    void readinessSaysTheAuditTrailCannotBeWrittenUntilItCan() {
        given().get("/api/ready").then().statusCode(200).body("checks.audit_writable.status", equalTo("ok"));
        refuseAudit();
        given().get("/api/ready").then().statusCode(503).body("status", equalTo("not_ready"))
                .body("checks.audit_writable.status", equalTo("fail")).body("checks.database.status", equalTo("ok"));
        given().baseUri("http://" + management.getHost() + ":" + management.getPort()).get("/q/health/ready").then()
                .statusCode(503)
                .body(containsString("audit rows refused by the test"));
        allowAudit();
        given().get("/api/ready").then().statusCode(200).body("checks.audit_writable.status", equalTo("ok"));
        // the probe leaves no row behind
        assertThat(DbRows.query(db, "select 1 from audit_logs where action = 'readiness.probe'")).isEmpty();
    }

    @Test
    void aSessionEndingWhileTheAuditTrailRefusesEndsWithItsReasonAndItsEntryFollows() {
        String session;
        try (TerminalClient t = open(operator)) {
            session = t.awaitConnected();
            refuseAudit();
            t.type("exit\n");
            t.awaitClose(WAIT);
        }
        await().atMost(WAIT).until(() -> !"active".equals(fx.sessionRow(session).get("status")));
        Map<String, String> row = fx.sessionRow(session);
        assertThat(row.get("status")).isEqualTo("remote_exit");
        assertThat(row.get("ended_at")).isNotNull();
        assertThat(fx.audit("terminal.close", session)).isEmpty();
        assertThat(row.get("pending_audit")).contains("terminal.close");

        allowAudit();
        await().atMost(BEAT).until(() -> fx.audit("terminal.close", session).size() == 1);
        JsonObject meta = new JsonObject(fx.audit("terminal.close", session).get(0).get("meta").toString());
        assertThat(meta.getString("reason")).isEqualTo(row.get("close_reason"));
        assertThat(fx.sessionRow(session).get("pending_audit")).isNull();
        // written late, dated when the session ended
        assertThat(DbRows.query(db, "select abs(extract(epoch from (a.occurred_at - t.ended_at))) < 2 as close"
                + " from audit_logs a join terminal_sessions t on t.id::text = a.target_id"
                + " where a.action = 'terminal.close' and a.target_id = ?", session)).singleElement()
                .satisfies(r -> assertThat(r.get("close")).isEqualTo(true));
    }

    @Test
    void aTerminalWhoseOpeningCannotBeAuditedIsRefusedAndItsRowEnds() {
        refuseAudit();
        try (TerminalClient t = open(operator)) {
            assertThat(t.awaitMessage("error", WAIT).getString("code")).isEqualTo("internal_error");
            t.awaitClose(WAIT);
        }
        List<Map<String, Object>> rows = DbRows.query(db,
                "select id::text as id, status, pending_audit::text as held from terminal_sessions where server_id = ?",
                server);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("status")).isEqualTo("error");
            assertThat(r.get("held").toString()).contains("terminal.open_failed");
        });
        String session = rows.get(0).get("id").toString();
        allowAudit();
        await().atMost(BEAT).until(() -> fx.audit("terminal.open_failed", session).size() == 1);
        assertThat(fx.audit("terminal.open", session)).isEmpty();
    }
}
