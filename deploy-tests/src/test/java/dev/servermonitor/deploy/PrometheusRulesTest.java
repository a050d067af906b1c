package dev.servermonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus checked with the real promtool (Debian's prometheus package): the rules load,
 * every alert's unit test passes, and every alert has one.
 */
class PrometheusRulesTest {

    @Test
    void theRulesLoad() {
        Podman.Result r = Podman.run(List.of("promtool", "check", "rules", PrometheusRules.RULES.toString()), 60);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out() + r.err()).contains("SUCCESS");
    }

    @Test
    void everyAlertsUnitTestPasses() {
        Podman.Result r = Podman.run(List.of("promtool", "test", "rules", PrometheusRules.TESTS.toString()), 60);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    @Test
    void everyAlertHasAUnitTest() {
        String tests = Manifests.read(PrometheusRules.TESTS);
        assertThat(PrometheusRules.alerts()).isNotEmpty()
                .allSatisfy(alert -> assertThat(tests).as("a test of %s", alert).contains("alertname: " + alert));
    }

    @Test
    void theRulesReadTheMetricsTheServicesExport() {
        // what the running services export is checked in ContainerImagesIT; here, that the parse finds them
        assertThat(PrometheusRules.metricsRead()).contains("up", "http_server_requests_seconds_count",
                "http_server_requests_seconds_bucket", "servermonitor_terminal_sessions_max")
                .doesNotContain("service:servermonitor_http_requests:rate5m", "le", "status");
    }
}
