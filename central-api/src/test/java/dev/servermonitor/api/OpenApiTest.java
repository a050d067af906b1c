package dev.servermonitor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The OpenAPI document is generated from the code and names each route's security and error
 * responses.
 */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentsEveryRouteWithItsSecurityAndErrors() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath();
        assertThat(doc.getMap("paths")).containsKeys("/api/users", "/api/servers", "/api/ssh-keys", "/api/audit-logs",
                "/api/auth/login", "/internal/ssh-credentials");
        assertThat(doc.getList("paths.'/api/users'.get.security.SecurityScheme.flatten()")).containsExactly("admin");
        assertThat(doc.getList("paths.'/api/servers'.post.security.SecurityScheme.flatten()"))
                .containsExactlyInAnyOrder("admin", "operator");
        assertThat(doc.getMap("paths.'/api/users'.get.responses")).containsKeys("200", "401", "403");
        assertThat(doc.getMap("paths.'/api/servers'.post.responses")).containsKeys("201", "400", "401", "403", "409");
        assertThat(doc.getMap("paths.'/api/servers/{id}'.get.responses")).containsKeys("404");
        assertThat(doc.getMap("paths.'/api/auth/login'.post.responses")).containsKeys("200", "400", "401", "429");
        assertThat(doc.getMap("paths.'/internal/ssh-credentials'.post.responses")).containsKeys("401", "403", "409");
    }

    @Test
    void swaggerUiIsServedLocally() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
