package dev.servermonitor.api.task.policy;

import java.util.regex.Pattern;

/**
 * A named regular expression and what it reads: each simple command, each pipeline, or the whole
 * line.
 */
record PolicyRule(String id, String description, Scope scope, Pattern pattern) {

    enum Scope {
        /** Each simple command as {@link Command#text()} gives it. */
        COMMAND,
        /** Each pipeline: its commands' texts joined by {@code " | "}. */
        PIPELINE,
        /** The command line as typed, blanks collapsed. */
        LINE
    }

    static PolicyRule command(String id, String description, String regex) {
        return new PolicyRule(id, description, Scope.COMMAND, compile(regex));
    }

    static PolicyRule pipeline(String id, String description, String regex) {
        return new PolicyRule(id, description, Scope.PIPELINE, compile(regex));
    }

    static PolicyRule line(String id, String description, String regex) {
        return new PolicyRule(id, description, Scope.LINE, compile(regex));
    }

    static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
