package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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
    /** A ".." path segment anywhere in the line. */
    private static final Pattern PARENT_DIRECTORY = Pattern.compile("(?:^|[/\\s=])\\.\\.(?:/|\\s|$)");

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
            this.allow = PatternList.parse("TASK_ALLOW_PATTERNS", allowPatterns.orElse(null), "custom-allow-");
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
                    return PolicyVerdict.refuse(mode, rule.id(), rule.description() + " in “" + quote(text) + "”");
                }
            }
        }
        if (!analysis.opaque().isEmpty()) {
            // what cannot be read cannot be judged, in either mode
            CommandAnalysis.Opaque first = analysis.opaque().get(0);
            return PolicyVerdict.refuse(mode, first.rule(), first.reason());
        }
        if (mode.equals(ALLOWLIST)) {
            return allowlist(analysis);
        }
        return PolicyVerdict.allow(mode);
    }

    private PolicyVerdict allowlist(CommandAnalysis analysis) {
        if (!analysis.complete()) {
            return PolicyVerdict.refuse(mode, "allowlist-unparseable",
                    "the command has an unclosed quote or substitution");
        }
        if (PARENT_DIRECTORY.matcher(analysis.line()).find()) {
            return PolicyVerdict.refuse(mode, "allowlist",
                    "paths containing “..” are not allowed in allowlist mode (through a symbolic link, “..” can lead"
                            + " outside the allowed directories)");
        }
        for (Command command : analysis.commands()) {
            String text = quote(command.fullText());
            if (command.args().size() > ALLOWLIST_MAX_WORDS || command.allowlistText().length() > ALLOWLIST_MAX_CHARS) {
                return PolicyVerdict.refuse(mode, "allowlist", "“" + text + "” is longer than any allowlisted command"
                        + " (at most " + ALLOWLIST_MAX_WORDS + " arguments, " + ALLOWLIST_MAX_CHARS + " characters)");
            }
            for (Command.Wrapper wrapper : command.wrappers()) {
                String why = AllowedCommands.wrapperRefusal(wrapper.name(), wrapper.options());
                if (why != null) {
                    return PolicyVerdict.refuse(mode, "allowlist", "“" + text + "” is not allowed: " + why);
                }
            }
            if (allow.stream().anyMatch(rule -> rule.pattern().matcher(command.allowlistText()).matches())) {
                continue;
            }
            String why = builtinRefusal(command);
            if (why != null) {
                return PolicyVerdict.refuse(mode, "allowlist", "“" + text + "” is not on the allowlist: " + why);
            }
        }
        return PolicyVerdict.allow(mode);
    }

    /** Null when a built-in allow rule accepts the command, else why not. */
    private static String builtinRefusal(Command command) {
        if (command.name().isEmpty()) {
            return "it runs no program";
        }
        if (!command.assignments().isEmpty()) {
            return "setting environment variables (" + String.join(" ", command.assignments())
                    + ") changes what the program does";
        }
        if (!command.harmlessRedirections()) {
            return "it redirects input or output (only 2>&1 and > /dev/null are allowed)";
        }
        return AllowedCommands.refusal(command.name(), command.args());
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
