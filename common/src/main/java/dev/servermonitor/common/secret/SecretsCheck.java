package dev.servermonitor.common.secret;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.config.CommonConfig;
import dev.servermonitor.common.health.CheckResult;
import dev.servermonitor.common.health.ReadinessCheck;

/** Every secret this service needs is set and usable; names the bad ones, never a value. */
@ApplicationScoped
public class SecretsCheck implements ReadinessCheck {

    private final SecretGuard guard;
    private final CommonConfig config;

    public SecretsCheck(SecretGuard guard, CommonConfig config) {
        this.guard = guard;
        this.config = config;
    }

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public Uni<CheckResult> check() {
        List<SecretProblem> problems = guard.problems();
        if (problems.isEmpty()) {
            return Uni.createFrom().item(CheckResult.ok(config.requiredSecrets().size() + " configured"));
        }
        return Uni.createFrom().item(CheckResult.fail(SecretValidator.describe(problems)));
    }
}
