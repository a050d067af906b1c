package dev.servermonitor.common.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.config.CommonConfig;
import dev.servermonitor.common.secret.SecretGuard;
import dev.servermonitor.common.secret.SecretProblem;
import dev.servermonitor.common.secret.SecretValidator;

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
