package dev.servermonitor.api.task.policy;

/**
 * The policy's answer for one command line: allowed, or the rule that refused it and why in words.
 */
public record PolicyVerdict(boolean allowed, String policyMode, String rule, String reason) {

    static PolicyVerdict allow(String mode) {
        return new PolicyVerdict(true, mode, null, null);
    }

    static PolicyVerdict refuse(String mode, String rule, String reason) {
        return new PolicyVerdict(false, mode, rule, reason);
    }
}
