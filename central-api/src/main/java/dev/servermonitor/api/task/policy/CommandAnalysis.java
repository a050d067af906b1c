package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a command line would run: each simple command (including those inside substitutions,
 * {@code sh -c} strings, {@code eval}, {@code find -exec} and behind wrappers), each pipeline as
 * text, and the line itself with blanks collapsed.
 */
final class CommandAnalysis {

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\+?=.*", Pattern.DOTALL);
    private static final Set<String> RESERVED = Set.of("!", "{", "}", "if", "then", "else", "elif", "fi", "do",
            "done", "while", "until", "time", "case", "esac", "coproc");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "yash",
            "posh", "rbash", "busybox-sh");

    private final List<Command> commands = new ArrayList<>();
    private final List<String> pipelines = new ArrayList<>();
    private final String line;
    private boolean complete = true;
    private boolean tooDeep;

    private CommandAnalysis(String line) {
        this.line = line.replaceAll("\\s+", " ").strip();
    }

    static CommandAnalysis of(String commandLine) {
        CommandAnalysis analysis = new CommandAnalysis(commandLine);
        analysis.visit(commandLine, 0);
        return analysis;
    }

    List<Command> commands() {
        return commands;
    }

    List<String> pipelines() {
        return pipelines;
    }

    String line() {
        return line;
    }

    /**
     * False when a quote or substitution was left open, or nesting went past what is opened up.
     */
    boolean complete() {
        return complete;
    }

    /** True when substitutions or nested shells went deeper than the parser opens up. */
    boolean tooDeep() {
        return tooDeep;
    }

    private void visit(String source, int depth) {
        ShellParser.Parsed parsed = ShellParser.parse(source, depth);
        complete &= parsed.complete();
        tooDeep |= parsed.tooDeep();
        for (ShellParser.Pipeline pipeline : parsed.pipelines()) {
            List<String> texts = new ArrayList<>();
            for (ShellParser.RawCommand raw : pipeline.commands()) {
                Command command = normalize(raw.words(), raw.redirections(), depth);
                commands.add(command);
                texts.add(command.text());
            }
            pipelines.add(String.join(" | ", texts));
        }
    }

    /**
     * Strips reserved words, assignments and wrappers; opens up what the command runs in turn.
     */
    private Command normalize(List<String> words, List<String> redirections, int depth) {
        List<String> assignments = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i);
            if (RESERVED.contains(word)) {
                i++;
            } else if (word.equals("function")) {
                i += 2;
            } else if (ASSIGNMENT.matcher(word).matches()) {
                assignments.add(word);
                i++;
            } else {
                int after = Wrappers.skip(baseName(word), words, i + 1, s -> visit(s, depth + 1));
                if (after < 0) {
                    break;
                }
                if (after >= words.size()) {
                    // a wrapper with nothing to run ("sudo" alone): judge the wrapper itself
                    break;
                }
                i = after;
            }
        }
        List<String> normalizedRedirections = redirections.stream().map(CommandAnalysis::normalizeRedirection)
                .toList();
        if (i >= words.size()) {
            return new Command("", List.of(), assignments, normalizedRedirections);
        }
        String name = baseName(words.get(i));
        List<String> args = words.subList(i + 1, words.size()).stream().map(Command::normalizePath).toList();
        openNested(name, args, depth);
        return new Command(name, args, assignments, normalizedRedirections);
    }

    /** Commands that carry another command as an argument: sh -c, su -c, eval, find -exec. */
    private void openNested(String name, List<String> args, int depth) {
        if (SHELLS.contains(name)) {
            String script = shellScript(args);
            if (script != null) {
                visit(script, depth + 1);
            }
        } else if (name.equals("su") || name.equals("runuser") || name.equals("sg")) {
            for (int j = 0; j < args.size(); j++) {
                String a = args.get(j);
                if ((a.equals("-c") || a.equals("--command")) && j + 1 < args.size()) {
                    visit(args.get(j + 1), depth + 1);
                } else if (a.startsWith("--command=")) {
                    visit(a.substring("--command=".length()), depth + 1);
                }
            }
        } else if (name.equals("eval")) {
            visit(String.join(" ", args), depth + 1);
        } else if (name.equals("find")) {
            for (int j = 0; j < args.size(); j++) {
                if (Set.of("-exec", "-execdir", "-ok", "-okdir").contains(args.get(j))) {
                    int end = j + 1;
                    while (end < args.size() && !args.get(end).equals(";") && !args.get(end).equals("+")) {
                        end++;
                    }
                    if (end > j + 1) {
                        Command exec = normalize(args.subList(j + 1, end), List.of(), depth + 1);
                        commands.add(exec);
                        pipelines.add(exec.text());
                    }
                    j = end;
                }
            }
        }
    }

    /**
     * The string after {@code -c} (in any option cluster, e.g. {@code -lc}), or null when the shell
     * reads a file or stdin.
     */
    private static String shellScript(List<String> args) {
        boolean command = false;
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            if (a.equals("-o") || a.equals("+o") || a.equals("-O") || a.equals("+O") || a.equals("--rcfile")
                    || a.equals("--init-file")) {
                j++;
            } else if (a.startsWith("-") && !a.startsWith("--") && a.indexOf('c') > 0) {
                command = true;
            } else if (a.startsWith("-") || a.startsWith("+")) {
                continue;
            } else {
                return command ? a : null;
            }
        }
        return null;
    }

    static String baseName(String word) {
        int slash = word.lastIndexOf('/');
        return slash >= 0 && slash < word.length() - 1 ? word.substring(slash + 1) : word;
    }

    private static String normalizeRedirection(String redirection) {
        int space = redirection.indexOf(' ');
        return space < 0
                ? redirection
                : redirection.substring(0, space + 1) + Command.normalizePath(redirection.substring(space + 1));
    }
}
