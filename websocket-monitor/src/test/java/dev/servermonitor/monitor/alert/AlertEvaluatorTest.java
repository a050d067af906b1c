package dev.servermonitor.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.servermonitor.monitor.alert.AlertEvent.Kind;
import dev.servermonitor.monitor.sample.Sample;

class AlertEvaluatorTest {

    private final AlertEvaluator alerts = new AlertEvaluator(AlertRule.DEFAULTS, 2);
    private int poll;

    /** A sample of server 1 with this CPU, memory and /data disk percentage. */
    private Sample sample(long server, Double cpu, double memory, double disk) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(5L * poll++);
        return new Sample(server, at, cpu, null, new double[]{0, 0, 0},
                new Sample.Memory(100, (long) memory, 100 - (long) memory, memory), new Sample.Memory(0, 0, 0, 0),
                List.of(new Sample.Disk("/data", 100, (long) disk, disk)), null, 1000, 10);
    }

    private List<AlertEvent> feed(double... cpus) {
        List<AlertEvent> all = new ArrayList<>();
        for (double c : cpus) {
            all.addAll(alerts.evaluate(sample(1, c, 10, 10)));
        }
        return all;
    }

    @Test
    void anAlertOpensOnlyOnceTheValueHasHeldForTheConfiguredPolls() {
        assertThat(feed(95)).isEmpty();
        assertThat(feed(50, 95)).isEmpty(); // a dip resets the count
        List<AlertEvent> opened = feed(96);
        assertThat(opened).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.OPENED);
            assertThat(e.metric()).isEqualTo("cpu");
            assertThat(e.severity()).isEqualTo(Severity.WARNING);
            assertThat(e.value()).isEqualTo(96);
            assertThat(e.threshold()).isEqualTo(90);
        });
    }

    @Test
    void anOpenAlertIsNotRepeatedWhileTheValueStaysHigh() {
        assertThat(feed(95, 95)).hasSize(1);
        assertThat(feed(97, 99, 92, 100)).isEmpty();
    }

    @Test
    void itResolvesOnlyBelowTheLevelMinusTheHysteresis() {
        feed(95, 95);
        assertThat(feed(89, 86, 88)).isEmpty(); // under 90 but not under 85: no flapping
        assertThat(feed(84)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.RESOLVED);
            assertThat(e.threshold()).isEqualTo(85);
        });
        assertThat(feed(95)).isEmpty(); // a new episode starts counting again
        assertThat(feed(95)).extracting(AlertEvent::kind).containsExactly(Kind.OPENED);
    }

    @Test
    void aDiskGoesFromWarningToCriticalOnceTheCriticalLevelHasHeld() {
        List<AlertEvent> events = new ArrayList<>();
        for (double d : new double[]{91, 92, 96, 97, 93, 97}) {
            events.addAll(alerts.evaluate(sample(1, 10.0, 10, d)));
        }
        assertThat(events).extracting(AlertEvent::kind, AlertEvent::severity, AlertEvent::metric).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.OPENED, Severity.WARNING, "disk:/data"),
                org.assertj.core.groups.Tuple.tuple(Kind.ESCALATED, Severity.CRITICAL, "disk:/data"));
    }

    @Test
    void aDiskThatJumpsStraightToCriticalOpensCritical() {
        alerts.evaluate(sample(1, 10.0, 10, 99));
        assertThat(alerts.evaluate(sample(1, 10.0, 10, 99))).singleElement()
                .satisfies(e -> assertThat(e.severity()).isEqualTo(Severity.CRITICAL));
    }

    @Test
    void metricsAndServersAreJudgedApart() {
        alerts.evaluate(sample(1, 95.0, 90, 10));
        alerts.evaluate(sample(2, 95.0, 10, 10));
        assertThat(alerts.evaluate(sample(1, 95.0, 90, 10))).extracting(AlertEvent::metric).containsExactlyInAnyOrder(
                "cpu",
                "memory");
        assertThat(alerts.evaluate(sample(2, 10.0, 10, 10))).isEmpty(); // server 2 never held two polls
    }

    @Test
    void theFirstPollWithoutACpuRateNeitherCountsNorResets() {
        feed(95);
        alerts.evaluate(sample(1, null, 10, 10));
        assertThat(feed(95)).extracting(AlertEvent::kind).containsExactly(Kind.OPENED);
    }

    @Test
    void anAlertRestoredAsOpenIsNeitherRepeatedNorForgotten() {
        alerts.restoreOpen(1, "cpu", Severity.WARNING);
        assertThat(feed(95, 95, 95)).isEmpty();
        assertThat(feed(10)).extracting(AlertEvent::kind).containsExactly(Kind.RESOLVED);
    }

    @Test
    void holdingForLessThanOnePollIsRefused() {
        assertThatThrownBy(() -> new AlertEvaluator(AlertRule.DEFAULTS, 0)).hasMessageContaining("MONITOR_ALERT_FOR");
    }
}
