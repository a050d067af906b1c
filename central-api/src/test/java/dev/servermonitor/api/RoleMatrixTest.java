package dev.servermonitor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/**
 * Every protected route of central-api × every role: no token is 401, a role not listed is 403, a
 * listed role gets past security (whatever the route then says about the probe body: 200, 400, 404,
 * 409...).
 */
@QuarkusTest
class RoleMatrixTest {

    enum Role {
        admin,
        operator,
        viewer,
        auditor
    }

    private static final Set<Role> ALL = Set.of(Role.values());
    private static final Set<Role> ADMIN = Set.of(Role.admin);
    private static final Set<Role> WRITERS = Set.of(Role.admin, Role.operator);
    private static final Set<Role> AUDIT = Set.of(Role.admin, Role.auditor);
    private static final long NONE = 987_654_321L;
    private static final String SESSION = "00000000-0000-0000-0000-00000000abcd";

    @Inject
    DataSource db;

    private final Map<Role, String> tokens = new EnumMap<>(Role.class);

    @BeforeEach
    void oneUserPerRole() {
        for (Role role : Role.values()) {
            long id = TestUsers.create(db, role.name());
            tokens.put(role, TestTokens.valid(id, TestUsers.username(db, id), role.name()));
        }
    }

    static Stream<Arguments> routes() {
        return Stream.of(route("GET", "/api/auth/whoami", ALL), route("GET", "/api/users", ADMIN),
                route("POST", "/api/users", ADMIN), route("GET", "/api/users/" + NONE, ADMIN),
                route("PUT", "/api/users/" + NONE, ADMIN), route("DELETE", "/api/users/" + NONE, ADMIN),
                route("GET", "/api/users/me", ALL), route("PUT", "/api/users/me", ALL),
                route("GET", "/api/servers", ALL), route("GET", "/api/servers/" + NONE, ALL),
                route("POST", "/api/servers", WRITERS), route("PUT", "/api/servers/" + NONE, WRITERS),
                route("DELETE", "/api/servers/" + NONE, WRITERS),
                route("POST", "/api/servers/" + NONE + "/host-key", WRITERS),
                route("PUT", "/api/servers/" + NONE + "/host-key", ADMIN),
                route("POST", "/api/servers/" + NONE + "/test", WRITERS), route("GET", "/api/ssh-keys", WRITERS),
                route("POST", "/api/ssh-keys", WRITERS), route("GET", "/api/ssh-keys/" + NONE, WRITERS),
                route("DELETE", "/api/ssh-keys/" + NONE, ADMIN), route("POST", "/api/ssh-keys/rotate", ADMIN),
                route("GET", "/api/audit-logs", AUDIT), route("GET", "/api/export/audit/csv?limit=1", AUDIT),
                route("GET", "/api/export/audit/json?limit=1", AUDIT),
                route("POST", "/api/servers/" + NONE + "/tasks", WRITERS), route("GET", "/api/tasks", WRITERS),
                route("GET", "/api/tasks/" + NONE, WRITERS), route("POST", "/api/tasks/" + NONE + "/cancel", WRITERS),
                route("GET", "/api/terminal/sessions", WRITERS),
                route("GET", "/api/terminal/sessions/" + SESSION, WRITERS),
                route("GET", "/api/terminal/sessions/" + SESSION + "/recording", AUDIT),
                route("POST", "/api/terminal/sessions/" + SESSION + "/stop", WRITERS));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void onlyTheListedRolesGetPastSecurity(String method, String path, Set<Role> allowed) {
        assertThat(call(given(), method, path).statusCode()).as("%s %s without a token", method, path).isEqualTo(401);
        for (Role role : Role.values()) {
            int status = call(given().auth().oauth2(tokens.get(role)), method, path).statusCode();
            if (allowed.contains(role)) {
                assertThat(status).as("%s %s as %s", method, path, role).isNotIn(401, 403).isLessThan(500);
            } else {
                assertThat(status).as("%s %s as %s", method, path, role).isEqualTo(403);
            }
        }
    }

    static Stream<Arguments> publicRoutes() {
        return Stream.of(Arguments.of("GET", "/api/health"), Arguments.of("GET", "/api/ready"),
                Arguments.of("GET", "/api/setup/status"), Arguments.of("POST", "/api/auth/login"),
                Arguments.of("POST", "/api/auth/refresh"), Arguments.of("POST", "/api/auth/logout"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("publicRoutes")
    void publicRoutesNeedNoToken(String method, String path) {
        assertThat(call(given(), method, path).statusCode()).isNotIn(401, 403).isLessThan(500);
    }

    private static Response call(RequestSpecification spec, String method, String path) {
        RequestSpecification s = spec.contentType("application/json");
        return switch (method) {
            case "GET" -> s.get(path);
            case "DELETE" -> s.delete(path);
            case "POST" -> s.body(Map.of()).post(path);
            case "PUT" -> s.body(Map.of()).put(path);
            default -> throw new IllegalArgumentException(method);
        };
    }

    private static Arguments route(String method, String path, Set<Role> allowed) {
        return Arguments.of(method, path, allowed);
    }
}
