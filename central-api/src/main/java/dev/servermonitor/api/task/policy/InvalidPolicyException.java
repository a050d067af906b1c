package dev.servermonitor.api.task.policy;

/**
 * Stops the start: a policy setting is unusable. The message names the variable, never a secret.
 */
public class InvalidPolicyException extends RuntimeException {

    public InvalidPolicyException(String message) {
        super(message, null, false, false);
    }
}
