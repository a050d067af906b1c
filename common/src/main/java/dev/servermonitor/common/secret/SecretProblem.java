package dev.servermonitor.common.secret;

import dev.servermonitor.common.config.Secret;

/** One reason a configured secret is unusable; never carries the value itself. */
public record SecretProblem(Secret secret, String reason) {

    @Override
    public String toString() {
        return secret.name() + " " + reason;
    }
}
