package dev.servermonitor.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RequestIdForwardingTest {

    @TestHTTPResource("/")
    URL self;

    @Test
    void outgoingRestClientCallsCarryTheIncomingRequestId() {
        given().header("X-Request-Id", "forwarded-id-77").queryParam("target", self.toString())
                .get("/test-support/forward").then().statusCode(200).body(equalTo("forwarded-id-77"));
    }
}
