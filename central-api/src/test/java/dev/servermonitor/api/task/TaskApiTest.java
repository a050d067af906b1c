package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestUsers;

/** The task API: validation, the policy's 403, the rate limit, who sees what, pagination. */
@QuarkusTest
class TaskApiTest extends InProcessSshTaskTest {

    @Test
    void creatingATaskAnswers201QueuedWithItsLocation() {
        fx.as(operator).body(Map.of("command", "uptime")).post("/api/servers/" + server + "/tasks").then()
                .statusCode(201).header("Location", containsString("/api/tasks/")).body("id", notNullValue())
                .body("status", equalTo("queued")).body("timeoutSeconds", equalTo(60))
                .body("storeOutput", equalTo(true)).body("serverId", equalTo((int) server))
                .body("userId", equalTo((int) operator));
    }

    @Test
    void invalidRequestsAreRejectedWithTheirReason() {
        String path = "/api/servers/" + server + "/tasks";
        fx.as(operator).body(Map.of("command", "  ")).post(path).then().statusCode(400)
                .body("error", equalTo("validation_failed")).body("message", containsString("command"));
        fx.as(operator).body(Map.of("command", "x".repeat(10_001))).post(path).then().statusCode(400)
                .body("message", containsString("at most 10000"));
        fx.as(operator).body(Map.of("command", "echo a\u0000b")).post(path).then().statusCode(400);
        for (int timeout : new int[]{0, 601}) {
            fx.as(operator).body(Map.of("command", "uptime", "timeoutSeconds", timeout)).post(path).then()
                    .statusCode(400).body("message", containsString("timeoutSeconds"));
        }
        fx.as(operator).body(Map.of("command", "uptime", "timeoutSeconds", "soon")).post(path).then()
                .statusCode(400);
        fx.as(operator).post(path).then().statusCode(400);
        fx.as(operator).body(Map.of("command", "uptime")).post("/api/servers/987654321/tasks").then().statusCode(404);
        fx.as(operator).body(Map.of("command", "uptime")).post("/api/servers/" + fx.untrustedServer() + "/tasks")
                .then().statusCode(409).body("error", equalTo("host_key_untrusted"));
        assertThat(DbRows.query(db, "select 1 from tasks where user_id = ?", operator)).isEmpty();
    }

    @Test
    void onlyAdminsAndOperatorsUseTasks() {
        for (String role : List.of("viewer", "auditor")) {
            long user = TestUsers.create(db, role);
            fx.as(user).body(Map.of("command", "uptime")).post("/api/servers/" + server + "/tasks").then()
                    .statusCode(403);
            fx.as(user).get("/api/tasks").then().statusCode(403);
        }
        io.restassured.RestAssured.given().get("/api/tasks").then().statusCode(401);
    }

    @Test
    void aCommandThePolicyRefusesIs403WithTheRuleIsAuditedAndNothingIsQueued() {
        fx.as(operator).body(Map.of("command", "sudo r\"m\" -rf /")).post("/api/servers/" + server + "/tasks").then()
                .statusCode(403).body("error", equalTo("command violates safety policy"))
                .body("rule", equalTo("rm-recursive-root")).body("policyMode", equalTo("denylist"))
                .body("reason", containsString("recursive delete")).body("reason", containsString("in “rm -rf /”"))
                .body("status", equalTo(403))
                .body("requestId", notNullValue());

        assertThat(DbRows.query(db, "select 1 from tasks where user_id = ?", operator)).isEmpty();
        assertThat(DbRows.query(db, "select * from audit_logs where action = 'task.blocked' and user_id = ?",
                operator)).singleElement().satisfies(a -> {
                    assertThat(a.get("target_id")).isEqualTo(String.valueOf(server));
                    assertThat(a.get("meta").toString()).contains("rm-recursive-root").contains("recursive delete");
                });
    }

    @Test
    void theTwentyFirstTaskInAMinuteIs429WithRetryAfter() {
        for (int i = 0; i < 20; i++) {
            fx.as(operator).body(Map.of("command", "true")).post("/api/servers/" + server + "/tasks").then()
                    .statusCode(201);
        }
        String retryAfter = fx.as(operator).body(Map.of("command", "true")).post("/api/servers/" + server + "/tasks")
                .then().statusCode(429).body("error", equalTo("too_many_requests")).extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60);
        // the limit is per user
        long other = TestUsers.create(db, "operator");
        fx.as(other).body(Map.of("command", "true")).post("/api/servers/" + server + "/tasks").then().statusCode(201);
    }

    @Test
    void operatorsSeeOnlyTheirOwnTasksAndAdminsSeeAll() {
        long other = TestUsers.create(db, "operator");
        long admin = TestUsers.create(db, "admin");
        long mine = fx.run(operator, server, "echo mine", 30);
        long theirs = fx.run(other, server, "echo theirs", 30);

        fx.as(other).get("/api/tasks/" + mine).then().statusCode(404);
        fx.as(other).post("/api/tasks/" + mine + "/cancel").then().statusCode(404);
        fx.as(admin).get("/api/tasks/" + mine).then().statusCode(200).body("command", equalTo("echo mine"));

        List<Integer> visible = fx.as(operator).get("/api/tasks?serverId=" + server).then().statusCode(200).extract()
                .path("items.id");
        assertThat(visible).contains((int) mine).doesNotContain((int) theirs);
        List<Integer> all = fx.as(admin).get("/api/tasks?serverId=" + server).then().extract().path("items.id");
        assertThat(all).contains((int) mine, (int) theirs);
        // an operator asking for someone else's tasks still gets only their own
        List<Integer> forced = fx.as(operator).get("/api/tasks?userId=" + other).then().extract().path("items.id");
        assertThat(forced).doesNotContain((int) theirs);
    }

    @Test
    void theListPagesNewestFirstFiltersAndLeavesOutputForTheSingleRead() {
        long first = fx.run(operator, server, "echo one", 30);
        fx.awaitFinished(operator, first, java.time.Duration.ofSeconds(20));
        for (int i = 0; i < 4; i++) {
            fx.run(operator, server, "echo more; exit 1", 30);
        }
        Set<Integer> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = fx.as(operator).queryParam("limit", 2).queryParam("serverId", server)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor)).get("/api/tasks").then()
                    .statusCode(200).body("items", org.hamcrest.Matchers.hasSize(org.hamcrest.Matchers.lessThan(3)))
                    .extract().jsonPath();
            List<Integer> ids = page.getList("items.id");
            assertThat(ids).isSortedAccordingTo((a, b) -> b - a);
            assertThat(page.getList("items.stdout")).containsOnlyNulls();
            seen.addAll(ids);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(5);
        assertThat(pages).isEqualTo(3);

        fx.as(operator).get("/api/tasks?status=success&serverId=" + server).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo((int) first));
        fx.as(operator).get("/api/tasks/" + first).then().body("stdout", equalTo("one\n"));
        fx.as(operator).get("/api/tasks?status=done").then().statusCode(400).body("message", containsString("status"));
        fx.as(operator).get("/api/tasks?cursor=bogus").then().statusCode(400);
        fx.as(operator).get("/api/tasks?from=yesterday").then().statusCode(400);
        fx.as(operator).get("/api/tasks?limit=501").then().statusCode(400);
        fx.as(operator).get("/api/tasks/99999999").then().statusCode(404).body("error", equalTo("not_found"))
                .body("requestId", notNullValue()).body("stdout", nullValue());
    }
}
