package dev.servermonitor.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A broken request body is the caller's mistake: a 400 that says what is wrong, never a 500. */
@QuarkusTest
class MalformedRequestTest {

    @Test
    void invalidJsonIs400SayingWhere() {
        given().contentType("application/json").body("{\"username\": \"x\", bad json").post("/api/auth/login").then()
                .statusCode(400).body("error", equalTo("malformed_json"))
                .body("message", equalTo("Malformed JSON at line 1, column 19: the request body is not valid JSON"))
                .body("requestId", not(equalTo(null)));
    }

    @Test
    void aFieldOfTheWrongTypeIs400NamingIt() {
        given().contentType("application/json").body("{\"username\": \"x\", \"password\": [\"secret-in-array\"]}")
                .post("/api/auth/login").then().statusCode(400).body("error", equalTo("malformed_json"))
                .body("message", equalTo("Malformed JSON: field 'password' must be a string"))
                .body("message", not(containsString("secret-in-array")));
    }
}
