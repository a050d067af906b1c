package dev.servermonitor.api.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.api.ApiConfig;

/**
 * The built web UI as central-api serves it: the page, its assets, deep links, its CSP,
 * /api/config.
 */
@QuarkusTest
class WebUiTest {

    @Test
    void theRootServesTheBuiltPageWithAPolicyThatAllowsOnlyThisOriginAndTheOtherServices() {
        String page = given().accept("text/html").get("/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self' 'wasm-unsafe-eval';"))
                .header("Content-Security-Policy",
                        containsString("connect-src 'self' http://localhost:9084 ws://localhost:9084"
                                + " http://localhost:9085 ws://localhost:9085;"))
                .extract().asString();
        assertThat(page).contains("<div id=\"app\"></div>");
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(page);
        assertThat(script.find()).as("the page loads its bundle from this origin").isTrue();
        given().get(script.group(1)).then().statusCode(200).contentType(containsString("javascript"));
    }

    @Test
    void aDeepLinkGetsThePageButApiPathsKeepTheirOwnAnswers() {
        given().accept("text/html").get("/servers/7").then().statusCode(200)
                .body(containsString("<div id=\"app\"></div>"));
        given().accept("text/html").get("/api/no-such-thing").then().statusCode(404)
                .contentType(startsWith("application/json")).body("error", equalTo("not_found"));
        given().accept("text/html").get("/assets/missing.js").then().statusCode(404);
        given().accept("application/json").get("/servers/7").then().statusCode(404);
    }

    @Test
    void configNamesTheGatewayAndMonitorOnTheBrowsersHostByDefault() {
        given().get("/api/config").then().statusCode(200)
                .body("gatewayUrl", equalTo("http://localhost:9084"))
                .body("monitorUrl", equalTo("http://localhost:9085"));
        given().header("X-Forwarded-Proto", "https").get("/api/config").then()
                .body("gatewayUrl", equalTo("https://localhost:9084"));
    }

    @Test
    void configuredPublicUrlsWinAndTheirOriginsEnterThePolicy() {
        UiUrls urls = new UiUrls(new ApiConfig.Ui() {

            @Override
            public Optional<String> gatewayUrl() {
                return Optional.of("https://ops.example.com/terminal/");
            }

            @Override
            public Optional<String> monitorUrl() {
                return Optional.of("https://ops.example.com/monitor");
            }
        });
        assertThat(urls.gateway(null)).isEqualTo("https://ops.example.com/terminal");
        assertThat(WebUiRoutes.csp(urls.gateway(null), urls.monitor(null)))
                .contains("connect-src 'self' https://ops.example.com wss://ops.example.com https://ops.example.com"
                        + " wss://ops.example.com;");
    }
}
