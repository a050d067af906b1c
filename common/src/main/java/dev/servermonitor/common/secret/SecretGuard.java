package dev.servermonitor.common.secret;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.servermonitor.common.config.CommonConfig;
import dev.servermonitor.common.config.Secret;

/**
 * Validates this service's secrets before anything else starts. In production a bad secret aborts
 * the start with one line naming each variable and why; elsewhere each problem is a warning.
 */
@ApplicationScoped
public class SecretGuard {

    private static final Logger LOG = Logger.getLogger(SecretGuard.class);

    private final CommonConfig config;
    private final Config values;

    public SecretGuard(CommonConfig config, Config values) {
        this.config = config;
        this.values = values;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        List<SecretProblem> problems = problems();
        if (problems.isEmpty()) {
            return;
        }
        if (config.production()) {
            String line = SecretValidator.describe(problems) + " (ENVIRONMENT=" + config.environment()
                    + ": refusing to start)";
            LOG.error(line);
            throw new InvalidSecretsException(line);
        }
        for (SecretProblem problem : problems) {
            LOG.warnf("Secret %s; fine for local use, fatal with ENVIRONMENT=production", problem);
        }
    }

    /** The current problems with this service's required secrets (empty when all are usable). */
    public List<SecretProblem> problems() {
        Map<Secret, Optional<String>> configured = new EnumMap<>(Secret.class);
        for (Secret secret : config.requiredSecrets()) {
            configured.put(secret, values.getOptionalValue(secret.name(), String.class));
        }
        return SecretValidator.validate(configured);
    }

    /** Aborts start-up; carries no stack trace because the message is the whole story. */
    static final class InvalidSecretsException extends RuntimeException {

        InvalidSecretsException(String message) {
            super(message, null, false, false);
        }
    }
}
