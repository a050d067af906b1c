package dev.servermonitor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/**
 * An action and its audit row commit together: if the audit row cannot be written, the action does
 * not happen.
 */
@QuarkusTest
class AuditAtomicityTest {

    @Inject
    DataSource db;

    @Test
    void whenTheAuditRowCannotBeWrittenTheActionIsRolledBack() {
        String name = "audit-fails-" + UUID.randomUUID().toString().substring(0, 8);
        DbRows.execute(db, "create or replace function reject_this_audit() returns trigger language plpgsql as $$"
                + " begin if new.meta->>'name' = '" + name + "' then raise exception 'audit store unavailable'; end if;"
                + " return new; end; $$");
        DbRows.execute(db, "create trigger reject_this_audit before insert on audit_logs for each row"
                + " execute function reject_this_audit()");
        try {
            long admin = TestUsers.create(db, "admin");
            int status = given().auth().oauth2(TestTokens.valid(admin, TestUsers.username(db, admin), "admin"))
                    .contentType("application/json")
                    .body(Map.of("name", name, "host", name + ".example.test", "username", "root", "credential",
                            Map.of("password", "pw")))
                    .post("/api/servers").statusCode();

            assertThat(status).isEqualTo(500);
            assertThat(DbRows.query(db, "select id from servers where name = ?", name)).isEmpty();
        } finally {
            DbRows.execute(db, "drop trigger reject_this_audit on audit_logs");
            DbRows.execute(db, "drop function reject_this_audit()");
        }
    }
}
