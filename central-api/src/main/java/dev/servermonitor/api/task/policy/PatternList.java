package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code TASK_DENY_PATTERNS} / {@code TASK_ALLOW_PATTERNS}: regular expressions separated by
 * commas; a comma inside one is written {@code \,}. An invalid one stops the start, named.
 */
final class PatternList {

    private PatternList() {
    }

    static List<PolicyRule> parse(String variable, String value, String idPrefix) {
        List<PolicyRule> rules = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return rules;
        }
        int n = 0;
        for (String entry : value.split("(?<!\\\\),")) {
            String regex = entry.replace("\\,", ",").strip();
            if (regex.isEmpty()) {
                continue;
            }
            n++;
            try {
                rules.add(PolicyRule.command(idPrefix + n, variable + " entry " + n + " (" + regex + ")", regex));
            } catch (PatternSyntaxException e) {
                throw new InvalidPolicyException(variable + " entry " + n + " is not a valid regular expression: "
                        + regex + " (" + e.getDescription() + " near index " + e.getIndex() + ")");
            }
        }
        return rules;
    }
}
