package dev.servermonitor.api.task;

import dev.servermonitor.api.task.policy.PolicyVerdict;

/** A command the safety policy refused; answered 403 with the rule and the reason. */
public class PolicyViolationException extends RuntimeException {

    private final PolicyVerdict verdict;

    public PolicyViolationException(PolicyVerdict verdict) {
        super(verdict.reason(), null, false, false);
        this.verdict = verdict;
    }

    public PolicyVerdict verdict() {
        return verdict;
    }
}
