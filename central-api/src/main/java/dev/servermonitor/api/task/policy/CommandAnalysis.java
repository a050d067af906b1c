package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a command line would run: each simple command (including those inside substitutions,
 * {@code sh -c} strings, {@code eval}, {@code find -exec}, options and variables that hold
 * commands, and behind wrappers), each pipeline as text, the line itself with blanks collapsed, and
 * what the policy cannot read (a program name only known when the command runs, inline interpreter
 * code).
 */
final class CommandAnalysis {

    /** Something in the line the policy cannot see through: the rule that refuses it and why. */
    record Opaque(String rule, String reason) {
    }

    static final String DYNAMIC_COMMAND = "dynamic-command";

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\+?=.*", Pattern.DOTALL);
    private static final Set<String> RESERVED = Set.of("!", "{", "}", "if", "then", "else", "elif", "fi", "do",
            "done", "while", "until", "case", "esac", "coproc");
    /**
     * Programs that change the files they are given, and how many leading operands are not files
     * (chmod's mode): their relative operands are resolved against the shell's directory.
     */
    private static final Map<String, Integer> FILE_CHANGERS = Map.ofEntries(Map.entry("rm", 0),
            Map.entry("rmdir", 0), Map.entry("mv", 0), Map.entry("cp", 0), Map.entry("ln", 0),
            Map.entry("install", 0), Map.entry("shred", 0), Map.entry("wipe", 0), Map.entry("truncate", 0),
            Map.entry("tee", 0), Map.entry("unlink", 0), Map.entry("rsync", 0), Map.entry("chmod", 1),
            Map.entry("chown", 1), Map.entry("chgrp", 1), Map.entry("chattr", 1), Map.entry("find", 0));
    private static final Set<String> FIND_OUTPUTS = Set.of("-fprint", "-fprint0", "-fprintf", "-fls");
    /** The task starts in the login directory. */
    private static final String HOME = "~";

    private final List<Command> commands = new ArrayList<>();
    private final List<String> pipelines = new ArrayList<>();
    private final List<Opaque> opaque = new ArrayList<>();
    private final String line;
    private boolean complete = true;
    private boolean tooDeep;
    /** Where the shell is, as far as literal {@code cd}s tell; null once it cannot be known. */
    private String cwd = HOME;

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

    /** What the policy cannot read, in the order found. */
    List<Opaque> opaque() {
        return opaque;
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
                Command command = normalize(raw, depth);
                commands.add(command);
                texts.add(command.text());
            }
            pipelines.add(String.join(" | ", texts));
        }
    }

    /**
     * Strips reserved words, assignments and wrappers (keeping what they add); opens up what the
     * command runs in turn.
     */
    private Command normalize(ShellParser.RawCommand raw, int depth) {
        List<String> words = raw.words();
        List<String> assignments = new ArrayList<>();
        List<String> redirections = new ArrayList<>(raw.redirections());
        List<Command.Wrapper> wrappers = new ArrayList<>();
        String dir = cwd;
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i);
            if (RESERVED.contains(word)) {
                i++;
            } else if (word.equals("function")) {
                i += 2;
            } else if (ASSIGNMENT.matcher(word).matches()) {
                assignments.add(word);
                EmbeddedCode.assignment(word, s -> visit(s, depth + 1), this::refuse);
                i++;
            } else {
                if (raw.dynamic(i)) {
                    break;
                }
                String name = baseName(word);
                Wrappers.Wrapped wrapped = Wrappers.open(name, words, i + 1);
                if (wrapped == null) {
                    break;
                }
                for (String a : wrapped.assignments()) {
                    assignments.add(a);
                    EmbeddedCode.assignment(a, s -> visit(s, depth + 1), this::refuse);
                }
                redirections.addAll(wrapped.outputs());
                wrapped.scripts().forEach(s -> visit(s, depth + 1));
                if (wrapped.chdir() != null) {
                    dir = directory(dir, wrapped.chdir());
                }
                if (wrapped.next() >= words.size()) {
                    // a wrapper with nothing to run ("sudo" alone): judge the wrapper itself
                    break;
                }
                wrappers.add(new Command.Wrapper(name, wrapped.options()));
                i = wrapped.next();
            }
        }
        String resolvedDir = dir;
        List<String> normalizedRedirections = new ArrayList<>(
                redirections.stream().map(r -> normalizeRedirection(resolvedDir, r)).toList());
        if (i >= words.size()) {
            return new Command("", List.of(), assignments, normalizedRedirections, wrappers);
        }
        if (raw.dynamic(i)) {
            refuse(DYNAMIC_COMMAND, "the program name “" + words.get(i) + "” is only known when the command runs (it"
                    + " comes from a variable, a substitution or a pattern), so the policy cannot tell what would run");
        }
        String name = baseName(words.get(i));
        List<String> args = arguments(name, words.subList(i + 1, words.size()), resolvedDir);
        if (name.equals("find")) {
            // find -fprint FILE writes FILE, as a redirection would
            for (int j = 0; j + 1 < args.size(); j++) {
                if (FIND_OUTPUTS.contains(args.get(j))) {
                    normalizedRedirections.add("> " + Command.resolve(resolvedDir, args.get(j + 1)));
                }
            }
        }
        // read as typed: option values are code, not paths to resolve
        EmbeddedCode.scan(name, words.subList(i + 1, words.size()), raw.redirections(), s -> visit(s, depth + 1),
                this::refuse);
        if (name.equals("find")) {
            openFindExec(args, depth);
        }
        if (name.equals("cd") || name.equals("pushd") || name.equals("popd")) {
            cwd = changeDirectory(name, words.subList(i + 1, words.size()), raw, i + 1);
        }
        return new Command(name, args, assignments, normalizedRedirections, wrappers);
    }

    private void refuse(String rule, String reason) {
        opaque.add(new Opaque(rule, reason));
    }

    /** Paths normalised; relative ones resolved when the program changes the files it is given. */
    private static List<String> arguments(String name, List<String> words, String dir) {
        Integer skip = FILE_CHANGERS.get(name);
        List<String> args = new ArrayList<>();
        int operand = 0;
        boolean options = true;
        for (String w : words) {
            if (options && w.equals("--")) {
                options = false;
                args.add(w);
                continue;
            }
            boolean isOption = options && w.startsWith("-") && w.length() > 1;
            if (name.equals("find") && isOption) {
                // find's start points come before its first expression
                skip = null;
            }
            if (skip != null && !isOption && operand++ >= skip && !w.contains(":") && !w.contains("=")) {
                args.add(Command.resolve(dir, w));
            } else {
                args.add(Command.normalizePath(w));
            }
        }
        return args;
    }

    /** {@code find … -exec cmd … ;}: cmd is a command of its own. */
    private void openFindExec(List<String> args, int depth) {
        for (int j = 0; j < args.size(); j++) {
            if (Set.of("-exec", "-execdir", "-ok", "-okdir").contains(args.get(j))) {
                int end = j + 1;
                while (end < args.size() && !args.get(end).equals(";") && !args.get(end).equals("+")) {
                    end++;
                }
                if (end > j + 1) {
                    List<String> inner = args.subList(j + 1, end);
                    List<Boolean> dynamic = inner.stream().map(w -> w.contains("$")).toList();
                    Command exec = normalize(new ShellParser.RawCommand(inner, List.of(), dynamic), depth + 1);
                    commands.add(exec);
                    pipelines.add(exec.text());
                }
                j = end;
            }
        }
    }

    /** The directory after {@code cd}: known only when its argument is literal. */
    private String changeDirectory(String name, List<String> args, ShellParser.RawCommand raw, int first) {
        if (name.equals("popd")) {
            return null;
        }
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            if (a.startsWith("-") && a.length() > 1) {
                continue;
            }
            if (a.equals("-")) {
                return null;
            }
            if (a.equals("$HOME") || a.equals("${HOME}")) {
                return HOME;
            }
            return raw.dynamic(first + j) ? null : directory(cwd, a);
        }
        return HOME;
    }

    private static String directory(String from, String to) {
        if (to.equals("$HOME") || to.equals("${HOME}")) {
            return HOME;
        }
        if (to.contains("$") || (to.startsWith("~") && !to.equals("~") && !to.startsWith("~/"))) {
            return null;
        }
        return Command.resolve(from, to);
    }

    static String baseName(String word) {
        int slash = word.lastIndexOf('/');
        return slash >= 0 && slash < word.length() - 1 ? word.substring(slash + 1) : word;
    }

    private static String normalizeRedirection(String dir, String redirection) {
        int space = redirection.indexOf(' ');
        if (space < 0) {
            return redirection;
        }
        String op = redirection.substring(0, space);
        String target = redirection.substring(space + 1);
        return op + " " + (op.contains("<<") ? target : Command.resolve(dir, target));
    }
}
