package dev.servermonitor.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every service promises with its database pointed at a closed port: it still starts and is
 * live, and readiness answers 503 naming the failing checks. Subclasses add
 * {@code @TestProfile(UnreachableDatabaseProfile.class)}.
 */
public abstract class UnreachableDatabaseContractTest {

    @Test
    void healthStaysOkWithoutTheDatabase() {
        given().get("/api/health").then().statusCode(200).body("status", equalTo("ok"));
    }

    @Test
    void readyIs503NamingTheDatabaseCheck() {
        given().get("/api/ready").then().statusCode(503).body("status", equalTo("not_ready"))
                .body("checks.database.status", equalTo("fail"))
                .body("checks.database_writable.status", equalTo("fail"))
                .body("checks.audit_writable.status", equalTo("fail"))
                .body("checks.schema.status", equalTo("fail"))
                .body("checks.secrets.status", equalTo("ok"));
    }

    /** The management interface (port 0 in tests). */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void quarkusReadinessOnTheManagementPortIsDownTooAndSaysWhy() {
        given().baseUri(management.getProtocol() + "://" + management.getHost() + ":" + management.getPort())
                .get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'servermonitor' }.data.database", containsString("127.0.0.1:1"));
    }
}
