package dev.servermonitor.api.task.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Code carried inside a command's arguments or environment. Shell commands the program will run
 * ({@code sh -c}, {@code git -c core.pager=}, {@code tar --checkpoint-action=exec=},
 * {@code LESSOPEN}) go to {@code script} and are checked like the rest of the line; code the policy
 * cannot read (inline Python, Perl, an awk program that runs commands, editor commands, a program
 * read from a file or from stdin) goes to {@code opaque} with the rule and a reason.
 */
final class EmbeddedCode {

    static final String INLINE_CODE = "inline-code";
    static final String SHELL_INPUT = "shell-input";
    static final String CODE_INJECTION = "code-injection";

    static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "yash", "posh",
            "rbash", "busybox-sh", "csh", "tcsh", "fish");
    /**
     * Interpreters and the options that give them their program on the command line ({@code -c},
     * {@code -e} and their clusters such as {@code perl -lne}).
     */
    private static final Map<Pattern, Pattern> INTERPRETERS = Map.of(
            Pattern.compile("python[0-9.]*|pypy[0-9.]*"), Pattern.compile("-[bBdEhiIOPqRsSuvV]*c.*", Pattern.DOTALL),
            Pattern.compile("perl[0-9.]*"), Pattern.compile("-[lnpaswtTUWcCgi0-9]*[eE].*", Pattern.DOTALL),
            Pattern.compile("ruby[0-9.]*|jruby"), Pattern.compile("-[nplawsdvWc]*e.*", Pattern.DOTALL),
            Pattern.compile("php[0-9.]*"),
            Pattern.compile("-[rBRE].*|--(?:run|process-begin|process-code|process-end)(?:=.*)?", Pattern.DOTALL),
            Pattern.compile("node(?:js)?|deno|bun"),
            Pattern.compile("-[pe]+.*|--(?:eval|print|require|import|loader)(?:=.*)?|-r|eval", Pattern.DOTALL),
            Pattern.compile("lua[0-9.]*|luajit|rscript"), Pattern.compile("-e.*", Pattern.DOTALL),
            Pattern.compile("gdb"), Pattern.compile("-ex|-iex|--eval-command(?:=.*)?|-batch|--batch|-x|--command",
                    Pattern.DOTALL),
            Pattern.compile("tclsh[0-9.]*|wish|jshell|irb|pwsh|powershell|osascript"),
            Pattern.compile("-(?:c|e|command|Command|EncodedCommand)", Pattern.DOTALL));
    /** Interpreter options that take the next word as their value (not a script file). */
    private static final Set<String> INTERPRETER_VALUED = Set.of("-W", "-X", "-I", "-M", "-r");
    private static final Set<String> AWKS = Set.of("awk", "gawk", "mawk", "nawk", "busybox-awk");
    /** awk's ways out: running a command, piping to or from one, writing a file, loading code. */
    private static final Pattern AWK_ESCAPE = Pattern
            .compile("system\\s*\\(|\\||\\bprintf?\\b[^;{}]*>|@load|@include", Pattern.DOTALL);
    private static final Set<String> EDITORS = Set.of("vi", "vim", "nvim", "ex", "view", "vimdiff", "rvim", "rview",
            "gvim", "evim", "nano", "emacs", "ed", "red");
    private static final Set<String> PAGERS = Set.of("less", "more", "most");
    /** Variables whose value is a command some program runs. */
    private static final Pattern COMMAND_VARIABLE = Pattern.compile("(?:PAGER|MANPAGER|GIT_PAGER|SYSTEMD_PAGER"
            + "|EDITOR|VISUAL|GIT_EDITOR|SYSTEMD_EDITOR|SUDO_EDITOR|GIT_SSH_COMMAND|GIT_SSH|GIT_EXTERNAL_DIFF"
            + "|GIT_ASKPASS|SSH_ASKPASS|SUDO_ASKPASS|LESSOPEN|LESSCLOSE|PROMPT_COMMAND|PS4|BROWSER|RSYNC_RSH)"
            + "=(.*)", Pattern.DOTALL);
    /** Variables that make a program load code from a file. */
    private static final Pattern LOADED_CODE = Pattern.compile("(LD_PRELOAD|LD_AUDIT|BASH_ENV"
            + "|GIT_CONFIG_\\w+|GIT_EXEC_PATH)=.*", Pattern.DOTALL);
    /** git settings whose value is a command git runs ({@code !} marks a shell command). */
    private static final Pattern GIT_COMMAND_KEY = Pattern.compile("(?:alias\\..+|pager\\..+|filter\\..+"
            + "|diff\\..+\\.(?:textconv|command)|merge\\..+\\.driver|credential\\.(?:.+\\.)?helper"
            + "|core\\.(?:pager|sshcommand|editor|fsmonitor|askpass|gitproxy)|sequence\\.editor|diff\\.external"
            + "|gpg(?:\\..+)?\\.program|uploadpack\\.packobjectshook|ssh\\.variant|remote\\..+\\.(?:uploadpack"
            + "|receivepack|vcs)|protocol\\..+\\.allow|difftool\\..+\\.cmd|mergetool\\..+\\.cmd|sendemail\\..+)",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> TAR_COMMAND_OPTIONS = Set.of("--to-command", "--use-compress-program",
            "--info-script", "--new-volume-script", "--rsh-command", "-I", "-F");

    private EmbeddedCode() {
    }

    /** A variable assignment ({@code X=1 cmd} or through {@code env}). */
    static void assignment(String word, Consumer<String> script, BiConsumer<String, String> opaque) {
        var command = COMMAND_VARIABLE.matcher(word);
        if (command.matches()) {
            script.accept(stripMarker(command.group(1)));
            return;
        }
        var loaded = LOADED_CODE.matcher(word);
        if (loaded.matches()) {
            opaque.accept(CODE_INJECTION,
                    loaded.group(1) + " makes the program load code from a file, which the policy cannot read");
        }
    }

    /** The arguments and redirections of one simple command. */
    static void scan(String name, List<String> args, List<String> redirections, Consumer<String> script,
            BiConsumer<String, String> opaque) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (SHELLS.contains(lower)) {
            shell(lower, args, redirections, script, opaque);
        } else if (lower.equals("source") || lower.equals(".")) {
            opaque.accept(SHELL_INPUT,
                    "“" + name + "” runs the commands in a file, which the policy cannot read; run them as a task");
        } else if (lower.equals("eval")) {
            script.accept(String.join(" ", args));
        } else if (lower.equals("su") || lower.equals("runuser") || lower.equals("sg")) {
            valuesOf(args, Set.of("-c", "--command"), script);
        } else if (inlineOption(lower) != null) {
            interpreter(name, inlineOption(lower), args, redirections, opaque);
        } else if (AWKS.contains(lower)) {
            awk(name, args, opaque);
        } else if (EDITORS.contains(lower)) {
            editor(name, args, redirections, opaque);
        } else if (PAGERS.contains(lower)) {
            for (String a : args) {
                int bang = a.indexOf('!');
                if (a.startsWith("+") && bang >= 0) {
                    script.accept(a.substring(bang + 1));
                }
            }
        } else if (lower.equals("git")) {
            git(args, script, opaque);
        } else if (lower.equals("tar") || lower.equals("gtar") || lower.equals("bsdtar")) {
            tar(args, script);
        } else if (lower.equals("rsync")) {
            valuesOf(args, Set.of("-e", "--rsh"), script);
        } else if (lower.equals("man")) {
            valuesOf(args, Set.of("-P", "--pager", "-H", "--html"), script);
        } else if (lower.equals("ssh") || lower.equals("scp") || lower.equals("sftp")) {
            for (int j = 0; j < args.size(); j++) {
                String option = args.get(j).equals("-o") && j + 1 < args.size()
                        ? args.get(++j)
                        : args.get(j).startsWith("-o") ? args.get(j).substring(2) : null;
                if (option != null && option.toLowerCase(Locale.ROOT).matches("(?:proxycommand|localcommand)[= ].*")) {
                    script.accept(option.substring(option.indexOf(option.contains("=") ? '=' : ' ') + 1));
                }
            }
        }
    }

    /** {@code sh -c '…'} is checked; a shell reading its program from stdin is refused. */
    private static void shell(String name, List<String> args, List<String> redirections, Consumer<String> script,
            BiConsumer<String, String> opaque) {
        boolean command = false;
        boolean stdinScript = false;
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            if (a.equals("-o") || a.equals("+o") || a.equals("-O") || a.equals("+O") || a.equals("--rcfile")
                    || a.equals("--init-file")) {
                j++;
            } else if (a.startsWith("-") && !a.startsWith("--") && a.indexOf('c') > 0) {
                command = true;
            } else if (a.startsWith("-") && !a.startsWith("--") && a.indexOf('s') > 0) {
                stdinScript = true;
            } else if (a.startsWith("-") || a.startsWith("+")) {
                continue;
            } else {
                if (command) {
                    script.accept(a);
                    return;
                }
                if (!stdinScript) {
                    return; // a script file: like ./script.sh, its content is not seen
                }
                break;
            }
        }
        if (!command && readsStdin(redirections)) {
            opaque.accept(SHELL_INPUT, "“" + name + "” would run commands read from a file, here-document or"
                    + " here-string, which the policy cannot check; send the commands themselves");
        }
    }

    private static Pattern inlineOption(String name) {
        return INTERPRETERS.entrySet().stream().filter(e -> e.getKey().matcher(name).matches())
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static void interpreter(String name, Pattern inline, List<String> args, List<String> redirections,
            BiConsumer<String, String> opaque) {
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            if (inline.matcher(a).matches()) {
                opaque.accept(INLINE_CODE, "“" + name + " " + a + "” runs code given on the command line, which the"
                        + " policy cannot read; put it in a script on the server and run that");
                return;
            }
            if (a.equals("-") || !a.startsWith("-")) {
                break; // the program comes from stdin, or from a script file (its content is not seen)
            }
            if (INTERPRETER_VALUED.contains(a)) {
                j++;
            }
        }
        if (readsStdin(redirections) && args.stream().noneMatch(a -> !a.startsWith("-"))) {
            opaque.accept(SHELL_INPUT, "“" + name + "” would run a program read from a file, here-document or"
                    + " here-string, which the policy cannot check");
        }
    }

    private static void awk(String name, List<String> args, BiConsumer<String, String> opaque) {
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            if (a.equals("-f") || a.startsWith("--file")) {
                return;
            }
            if (a.equals("-F") || a.equals("-v") || a.equals("--assign") || a.equals("--field-separator")) {
                j++;
            } else if (a.equals("-e") || a.equals("--source")) {
                if (j + 1 < args.size() && AWK_ESCAPE.matcher(args.get(j + 1)).find()) {
                    refuseAwk(name, opaque);
                }
                return;
            } else if (a.startsWith("-") && !a.equals("-")) {
                continue;
            } else {
                if (AWK_ESCAPE.matcher(a).find()) {
                    refuseAwk(name, opaque);
                }
                return;
            }
        }
    }

    private static void refuseAwk(String name, BiConsumer<String, String> opaque) {
        opaque.accept(INLINE_CODE, "the " + name + " program runs commands or writes files (system(), a pipe | or"
                + " print >), which the policy cannot check");
    }

    private static void editor(String name, List<String> args, List<String> redirections,
            BiConsumer<String, String> opaque) {
        for (String a : args) {
            boolean vim = !name.equals("ed") && !name.equals("red") && !name.equals("ex");
            if (a.equals("-c") || a.equals("--cmd") || a.equals("-S") || (vim && a.equals("-s")) || a.equals("--eval")
                    || a.equals("--batch") || a.matches("\\+(?!\\d*$).*")) {
                opaque.accept(INLINE_CODE, "“" + name + " " + a + "” runs editor commands, which can run shell"
                        + " commands (:!), and the policy cannot check them");
                return;
            }
        }
        if (readsStdin(redirections)) {
            opaque.accept(SHELL_INPUT, "“" + name + "” would read editor commands, which can run shell commands,"
                    + " from a file, here-document or here-string; the policy cannot check them");
        }
    }

    /** git's own options before the subcommand, then the subcommand's options that run commands. */
    private static void git(List<String> args, Consumer<String> script, BiConsumer<String, String> opaque) {
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            String setting = a.equals("-c") && j + 1 < args.size()
                    ? args.get(++j)
                    : a.startsWith("-c") && a.length() > 2 ? a.substring(2) : null;
            if (setting != null) {
                int eq = setting.indexOf('=');
                String key = eq < 0 ? setting : setting.substring(0, eq);
                String value = eq < 0 ? "" : setting.substring(eq + 1);
                if (key.equalsIgnoreCase("core.hooksPath") || key.toLowerCase(Locale.ROOT).startsWith("include")) {
                    opaque.accept(CODE_INJECTION, "git -c " + key + " makes git run hooks or read settings from"
                            + " files the policy cannot read");
                } else if (GIT_COMMAND_KEY.matcher(key).matches()) {
                    script.accept(stripMarker(value));
                }
            } else if (a.startsWith("--exec-path") || a.startsWith("--config-env")) {
                opaque.accept(CODE_INJECTION, "git " + a + " makes git run programs the policy cannot see");
            } else if (a.startsWith("--upload-pack") || a.startsWith("--receive-pack") || a.startsWith("--exec")
                    || a.startsWith("--extcmd") || (a.equals("-x") && args.contains("rebase"))) {
                int eq = a.indexOf('=');
                if (eq >= 0) {
                    script.accept(a.substring(eq + 1));
                } else if (j + 1 < args.size()) {
                    script.accept(args.get(++j));
                }
            } else if ((a.equals("foreach") || a.equals("run")) && j > 0
                    && (args.get(j - 1).equals("submodule") || args.get(j - 1).equals("bisect"))) {
                script.accept(String.join(" ", args.subList(j + 1, args.size())));
                return;
            }
        }
    }

    private static void tar(List<String> args, Consumer<String> script) {
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            int eq = a.indexOf('=');
            String key = eq < 0 ? a : a.substring(0, eq);
            String value = eq >= 0 ? a.substring(eq + 1) : j + 1 < args.size() ? args.get(j + 1) : "";
            if (key.equals("--checkpoint-action")) {
                if (value.startsWith("exec=")) {
                    script.accept(value.substring("exec=".length()));
                }
            } else if (TAR_COMMAND_OPTIONS.contains(key)) {
                script.accept(value);
            }
        }
    }

    private static void valuesOf(List<String> args, Set<String> options, Consumer<String> script) {
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            int eq = a.indexOf('=');
            if (options.contains(a) && j + 1 < args.size()) {
                script.accept(args.get(++j));
            } else if (eq > 0 && options.contains(a.substring(0, eq))) {
                script.accept(a.substring(eq + 1));
            }
        }
    }

    /** stdin taken from a file, a here-document or a here-string. */
    static boolean readsStdin(List<String> redirections) {
        return redirections.stream().anyMatch(r -> r.matches("0?(?:<|<<-?|<<<)(?: .*)?") || r.startsWith("0<"));
    }

    /** {@code !cmd} (git aliases) and {@code |cmd} / {@code ||cmd} (LESSOPEN) mark a shell command. */
    private static String stripMarker(String value) {
        return value.replaceFirst("^(?:\\|\\|?|!|-)", "");
    }
}
