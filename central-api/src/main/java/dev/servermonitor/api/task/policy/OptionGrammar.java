package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * What one allowlisted program (or subcommand, {@code docker ps}) accepts: which options, which of
 * them take a value and what that value may be, and what its operands may be. Options are read as
 * getopt reads them ({@code -bn1} is {@code -b -n 1}, {@code --lines=5} is {@code --lines 5}), so
 * an option cannot hide in a cluster; anything not declared is refused.
 */
final class OptionGrammar {

    private static final Pattern NOTHING = Pattern.compile("(?!)");

    final String rule;
    final String program;
    private final String subcommand;
    /** Whole words accepted as options: {@code -a}, {@code --all}, ip's {@code -br}. */
    private final Set<String> flags = new HashSet<>();
    /** Options with a value, keyed {@code -n} / {@code --lines}, or a BSD letter ({@code o} for ps). */
    private final Map<String, Pattern> valued = new HashMap<>();
    /** Options whose value is optional: attached, or the next word when it matches. */
    private final Map<String, Pattern> optional = new HashMap<>();
    /** ps's dashless BSD options: letters accepted alone. */
    private final Set<Character> bsdFlags = new HashSet<>();
    private boolean digitOption;
    private Pattern operand = NOTHING;
    private Pattern joined;
    private int maxOperands = 0;
    private int minOperands = 0;
    private BiPredicate<Map<String, String>, List<String>> requirement = (o, a) -> true;
    private String requirementText;

    private OptionGrammar(String rule, String program, String subcommand) {
        this.rule = rule;
        this.program = program;
        this.subcommand = subcommand;
    }

    static OptionGrammar of(String rule, String program) {
        return new OptionGrammar(rule, program, null);
    }

    static OptionGrammar sub(String rule, String program, String subcommand) {
        return new OptionGrammar(rule, program, subcommand);
    }

    /** Single-letter flags, each usable alone or in a cluster ({@code "lah"} gives -l, -a, -h). */
    OptionGrammar letters(String letters) {
        letters.chars().forEach(c -> flags.add("-" + (char) c));
        return this;
    }

    /** Whole-word options: {@code --all}, {@code -br}. */
    OptionGrammar words(String... words) {
        flags.addAll(List.of(words));
        return this;
    }

    /** Options taking a value that must match {@code value} entirely. */
    OptionGrammar valued(String value, String... options) {
        Pattern p = Pattern.compile(value);
        for (String o : options) {
            valued.put(o, p);
        }
        return this;
    }

    /**
     * Options with an optional value ({@code journalctl -b}, {@code -b -1}; {@code date -I},
     * {@code -Iseconds}).
     */
    OptionGrammar optionalValue(String value, String... options) {
        Pattern p = Pattern.compile(value);
        for (String o : options) {
            optional.put(o, p);
        }
        return this;
    }

    /** {@code -5} for {@code -n 5} (head, tail, last). */
    OptionGrammar digitOption() {
        this.digitOption = true;
        return this;
    }

    /** ps's BSD options without a dash ({@code aux}). */
    OptionGrammar bsd(String letters) {
        letters.chars().forEach(c -> bsdFlags.add((char) c));
        return this;
    }

    /** Between {@code min} and {@code max} operands, each matching {@code each}. */
    OptionGrammar operands(String each, int min, int max) {
        this.operand = Pattern.compile(each);
        this.minOperands = min;
        this.maxOperands = max;
        return this;
    }

    /** The operands, joined by one space, must match {@code pattern}. */
    OptionGrammar operandsJoined(String pattern) {
        this.joined = Pattern.compile(pattern);
        this.maxOperands = Integer.MAX_VALUE;
        return this;
    }

    /** A condition on the options seen (keyed as declared) and the operands, with what it means. */
    OptionGrammar requires(String text, BiPredicate<Map<String, String>, List<String>> condition) {
        this.requirementText = text;
        this.requirement = condition;
        return this;
    }

    /** Null when {@code args} are accepted, else why not in a few words. */
    String refusal(List<String> args) {
        int start = 0;
        if (subcommand != null) {
            if (args.isEmpty() || !args.get(0).equals(subcommand)) {
                return "only “" + program + " " + subcommand + "” is allowed";
            }
            start = 1;
        }
        Map<String, String> seen = new HashMap<>();
        List<String> operands = new ArrayList<>();
        boolean endOfOptions = false;
        for (int i = start; i < args.size(); i++) {
            String a = args.get(i);
            if (endOfOptions || !a.startsWith("-") || a.equals("-")) {
                if (!endOfOptions && !bsdFlags.isEmpty()) {
                    String why = bsdCluster(a, args, i, seen);
                    if (why != null) {
                        return why;
                    }
                    if (seen.containsKey("#bsd-value")) {
                        seen.remove("#bsd-value");
                        i++;
                    }
                    continue;
                }
                operands.add(a);
                continue;
            }
            if (a.equals("--")) {
                endOfOptions = true;
                continue;
            }
            if (flags.contains(a)) {
                seen.put(a, "");
                continue;
            }
            String key0 = a.split("=", 2)[0];
            Pattern opt = optional.get(a.startsWith("--") ? key0 : a.substring(0, 2));
            if (opt != null) {
                String attached = a.startsWith("--")
                        ? (a.contains("=") ? a.substring(key0.length() + 1) : null)
                        : a.length() > 2 ? a.substring(2) : null;
                if (attached != null && !opt.matcher(attached).matches()) {
                    return "“" + attached + "” is not an allowed value for " + key0;
                }
                if (attached == null && i + 1 < args.size() && opt.matcher(args.get(i + 1)).matches()) {
                    i++;
                }
                seen.put(a.startsWith("--") ? key0 : a.substring(0, 2), "");
                continue;
            }
            if (a.startsWith("--") || (a.length() > 2 && valued.containsKey(a.split("=", 2)[0])
                    && a.contains("="))) {
                int eq = a.indexOf('=');
                String key = eq < 0 ? a : a.substring(0, eq);
                Pattern p = valued.get(key);
                if (p == null) {
                    return "option “" + key + "” is not allowed";
                }
                String value;
                if (eq >= 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    return "option “" + key + "” needs a value";
                }
                if (!p.matcher(value).matches()) {
                    return "“" + value + "” is not an allowed value for " + key;
                }
                seen.put(key, value);
                continue;
            }
            if (digitOption && a.matches("-\\d{1,6}")) {
                seen.put("-#", a.substring(1));
                continue;
            }
            for (int k = 1; k < a.length(); k++) {
                String key = "-" + a.charAt(k);
                Pattern p = valued.get(key);
                if (p != null) {
                    String value;
                    if (k + 1 < a.length()) {
                        value = a.substring(k + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        return "option “" + key + "” needs a value";
                    }
                    if (!p.matcher(value).matches()) {
                        return "“" + value + "” is not an allowed value for " + key;
                    }
                    seen.put(key, value);
                    break;
                }
                if (!flags.contains(key)) {
                    return "option “" + key + "”" + (a.length() > 2 ? " (in “" + a + "”)" : "") + " is not allowed";
                }
                seen.put(key, "");
            }
        }
        if (joined != null) {
            if (!joined.matcher(String.join(" ", operands)).matches()) {
                return "“" + String.join(" ", operands) + "” is not something " + name() + " may be given";
            }
        } else {
            if (operands.size() > maxOperands) {
                return maxOperands == 0
                        ? name() + " takes no arguments here"
                        : "too many arguments (at most " + maxOperands + ")";
            }
            if (operands.size() < minOperands) {
                return "it needs " + (minOperands == 1 ? "an argument" : minOperands + " arguments");
            }
            for (String o : operands) {
                if (!operand.matcher(o).matches()) {
                    return "“" + o + "” is not an argument " + name() + " may be given here";
                }
            }
        }
        if (!requirement.test(seen, operands)) {
            return "it must " + requirementText;
        }
        return null;
    }

    /** A BSD cluster for ps: letters, the last of which may take the next word as its value. */
    private String bsdCluster(String a, List<String> args, int i, Map<String, String> seen) {
        for (int k = 0; k < a.length(); k++) {
            char c = a.charAt(k);
            Pattern p = valued.get(String.valueOf(c));
            if (p != null) {
                String value = k + 1 < a.length() ? a.substring(k + 1) : i + 1 < args.size() ? args.get(i + 1) : null;
                if (value == null) {
                    return "option “" + c + "” needs a value";
                }
                if (!p.matcher(value).matches()) {
                    return "“" + value + "” is not an allowed value for " + c;
                }
                if (k + 1 >= a.length()) {
                    seen.put("#bsd-value", "");
                }
                seen.put(String.valueOf(c), value);
                return null;
            }
            if (!bsdFlags.contains(c)) {
                return "option “" + c + "”" + (a.length() > 1 ? " (in “" + a + "”)" : "") + " is not allowed";
            }
            seen.put(String.valueOf(c), "");
        }
        return null;
    }

    /** True when this grammar is the one for the subcommand {@code args} start with. */
    boolean appliesTo(List<String> args) {
        return subcommand == null || (!args.isEmpty() && args.get(0).equals(subcommand));
    }

    String name() {
        return subcommand == null ? program : program + " " + subcommand;
    }
}
