package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import dev.servermonitor.api.ApiConfig;

/**
 * Decides, before anything is queued, whether a command may run. The built-in denylist always
 * applies; in allowlist mode every simple command must also match an allow rule. A denylist is a
 * seat belt, not a sandbox: docs/task-policy.md says what it cannot see.
 */
@ApplicationScoped
@Startup
public class TaskPolicy {

    private static final Logger LOG = Logger.getLogger(TaskPolicy.class);
    static final String DENYLIST = "denylist";
    static final String ALLOWLIST = "allowlist";
    private static final int QUOTE_MAX = 200;
    /** Diagnostics are short; the bound also keeps regex matching cheap. */
    static final int ALLOWLIST_MAX_WORDS = 40;
    static final int ALLOWLIST_MAX_CHARS = 1000;

    private final String mode;
    private final List<PolicyRule> deny;
    private final List<PolicyRule> allow;

    @Inject
    public TaskPolicy(ApiConfig config) {
        this(config.tasks().policyMode(), config.tasks().denyPatterns(), config.tasks().allowPatterns());
    }

    public TaskPolicy(String mode, Optional<String> denyPatterns, Optional<String> allowPatterns) {
        try {
            this.mode = mode(mode);
            this.deny = new ArrayList<>(BuiltinRules.DENY);
            this.deny.addAll(PatternList.parse("TASK_DENY_PATTERNS", denyPatterns.orElse(null), "custom-deny-"));
            this.allow = new ArrayList<>(BuiltinRules.ALLOW);
            this.allow.addAll(PatternList.parse("TASK_ALLOW_PATTERNS", allowPatterns.orElse(null), "custom-allow-"));
        } catch (InvalidPolicyException e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }

    public String mode() {
        return mode;
    }

    public PolicyVerdict check(String commandLine) {
        try {
            return evaluate(commandLine);
        } catch (StackOverflowError e) {
            // Java's regex engine recurses per repetition; a pathological command fails closed
            return PolicyVerdict.refuse(mode, "policy-unreadable",
                    "the command is too complex for the policy to read; split it into simpler commands");
        }
    }

    private PolicyVerdict evaluate(String commandLine) {
        CommandAnalysis analysis = CommandAnalysis.of(commandLine);
        if (analysis.tooDeep()) {
            return PolicyVerdict.refuse(mode, "nesting-too-deep",
                    "substitutions or nested shells go deeper than " + ShellParser.MAX_DEPTH + " levels");
        }
        for (PolicyRule rule : deny) {
            for (String text : texts(rule, analysis)) {
                if (rule.pattern().matcher(text).find()) {
                    return PolicyVerdict.refuse(mode, rule.id(), rule.description() + " in `" + quote(text) + "`");
                }
            }
        }
        if (mode.equals(ALLOWLIST)) {
            if (!analysis.complete()) {
                return PolicyVerdict.refuse(mode, "allowlist-unparseable",
                        "the command has an unclosed quote or substitution");
            }
            for (Command command : analysis.commands()) {
                String text = command.allowlistText();
                if (command.args().size() > ALLOWLIST_MAX_WORDS || text.length() > ALLOWLIST_MAX_CHARS) {
                    return PolicyVerdict.refuse(mode, "allowlist",
                            "`" + quote(text) + "` is longer than any allowlisted command (at most "
                                    + ALLOWLIST_MAX_WORDS + " arguments, " + ALLOWLIST_MAX_CHARS + " characters)");
                }
                if (allow.stream().noneMatch(rule -> rule.pattern().matcher(text).matches())) {
                    return PolicyVerdict.refuse(mode, "allowlist", "`" + quote(text) + "` is not on the allowlist");
                }
            }
        }
        return PolicyVerdict.allow(mode);
    }

    private static List<String> texts(PolicyRule rule, CommandAnalysis analysis) {
        return switch (rule.scope()) {
            case COMMAND -> analysis.commands().stream().map(Command::text).toList();
            case PIPELINE -> analysis.pipelines();
            case LINE -> List.of(analysis.line());
        };
    }

    private static String quote(String text) {
        return text.length() <= QUOTE_MAX ? text : text.substring(0, QUOTE_MAX) + "…";
    }

    private static String mode(String value) {
        String m = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (!m.equals(DENYLIST) && !m.equals(ALLOWLIST)) {
            throw new InvalidPolicyException("TASK_POLICY_MODE must be denylist or allowlist, not '" + value + "'");
        }
        return m;
    }
}
