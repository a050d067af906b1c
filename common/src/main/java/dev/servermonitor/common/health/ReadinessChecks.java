package dev.servermonitor.common.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.logging.Causes;
import dev.servermonitor.common.logging.Redactor;

/** Runs every {@link ReadinessCheck} concurrently, each bounded by a timeout. */
@ApplicationScoped
public class ReadinessChecks {

    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    private static final Redactor REASONS = new Redactor(List.of());

    private final List<ReadinessCheck> checks;

    public ReadinessChecks(@All List<ReadinessCheck> checks) {
        this.checks = checks.stream().sorted(java.util.Comparator.comparing(ReadinessCheck::name)).toList();
    }

    /** Check name to result, ordered by name. */
    public Uni<Map<String, CheckResult>> evaluate() {
        List<Uni<CheckResult>> runs = checks.stream().map(ReadinessChecks::bounded).toList();
        return Uni.combine().all().unis(runs).with(results -> {
            Map<String, CheckResult> byName = new LinkedHashMap<>();
            for (int i = 0; i < checks.size(); i++) {
                byName.put(checks.get(i).name(), (CheckResult) results.get(i));
            }
            return byName;
        });
    }

    public static boolean allOk(Map<String, CheckResult> results) {
        return results.values().stream().allMatch(CheckResult::ok);
    }

    private static Uni<CheckResult> bounded(ReadinessCheck check) {
        return Uni.createFrom().deferred(check::check).ifNoItem().after(CHECK_TIMEOUT)
                .failWith(() -> new IllegalStateException("timed out after " + CHECK_TIMEOUT.toSeconds() + " s"))
                .onFailure().recoverWithItem(e -> CheckResult.fail(REASONS.redact(Causes.rootMessage(e))));
    }
}
