package dev.servermonitor.api.task.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line the way a POSIX shell reads it, so the policy judges the commands that
 * would run rather than the text typed: quotes and escapes are removed, lists ({@code ; && || &},
 * newlines) and pipelines are split, and the insides of {@code $( )}, backticks and {@code <( )}
 * become commands of their own. It never runs or expands anything ({@code ${IFS}} aside, which it
 * reads as the blank it usually is).
 */
final class ShellParser {

    /** Substitutions nested deeper than this are not opened; the parse is then incomplete. */
    static final int MAX_DEPTH = 8;

    /**
     * One simple command before normalisation: its words, its redirections ("op target"), and for each
     * word whether the shell would only know it when running (an unquoted expansion, glob or brace).
     */
    record RawCommand(List<String> words, List<String> redirections, List<Boolean> dynamic) {

        boolean dynamic(int i) {
            return dynamic.get(i);
        }
    }

    /** Simple commands joined by {@code |}. */
    record Pipeline(List<RawCommand> commands) {
    }

    /**
     * Every pipeline found, nested ones included; {@code complete} is false when a quote or
     * substitution was left open or nesting went deeper than {@link #MAX_DEPTH}, which {@code tooDeep}
     * then says.
     */
    record Parsed(List<Pipeline> pipelines, boolean complete, boolean tooDeep) {
    }

    private final String src;
    private final List<Pipeline> out;
    private final int depth;
    private int pos;
    private boolean complete = true;
    private boolean tooDeep;

    private ShellParser(String src, List<Pipeline> out, int depth) {
        this.src = src;
        this.out = out;
        this.depth = depth;
    }

    static Parsed parse(String line) {
        return parse(line, 0);
    }

    static Parsed parse(String line, int depth) {
        List<Pipeline> pipelines = new ArrayList<>();
        ShellParser parser = new ShellParser(line, pipelines, depth);
        if (depth > MAX_DEPTH) {
            return new Parsed(pipelines, false, true);
        }
        parser.parseList(false);
        return new Parsed(pipelines, parser.complete, parser.tooDeep);
    }

    /** Reads commands until the end, or until the {@code )} closing a substitution. */
    private void parseList(boolean inSubstitution) {
        List<RawCommand> pipeline = new ArrayList<>();
        Builder cmd = new Builder();
        int parens = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            char next = pos + 1 < src.length() ? src.charAt(pos + 1) : '\0';
            switch (c) {
                case ' ', '\t', '\r' -> {
                    cmd.endWord();
                    pos++;
                }
                case '\\' -> {
                    if (next != '\n' && next != '\0') {
                        cmd.append(next);
                    }
                    pos += 2;
                }
                case '\'' -> singleQuoted(cmd);
                case '"' -> doubleQuoted(cmd);
                case '`' -> backticks(cmd);
                case '$' -> dollar(cmd, false);
                case '#' -> {
                    if (cmd.atWordStart()) {
                        while (pos < src.length() && src.charAt(pos) != '\n') {
                            pos++;
                        }
                    } else {
                        cmd.append(c);
                        pos++;
                    }
                }
                case '\n', ';' -> {
                    endPipeline(pipeline, cmd);
                    pos++;
                }
                case '&' -> {
                    if (next == '>') {
                        redirection(cmd);
                    } else {
                        endPipeline(pipeline, cmd);
                        pos += next == '&' ? 2 : 1;
                    }
                }
                case '|' -> {
                    if (next == '|') {
                        endPipeline(pipeline, cmd);
                        pos += 2;
                    } else {
                        endCommand(pipeline, cmd);
                        pos += next == '&' ? 2 : 1;
                    }
                }
                case '<', '>' -> {
                    if (next == '(') {
                        substitution(cmd, String.valueOf(c), pos + 2);
                    } else {
                        redirection(cmd);
                    }
                }
                case '(' -> {
                    parens++;
                    endCommand(pipeline, cmd);
                    pos++;
                }
                case ')' -> {
                    pos++;
                    if (parens == 0 && inSubstitution) {
                        endPipeline(pipeline, cmd);
                        return;
                    }
                    parens = Math.max(0, parens - 1);
                    endCommand(pipeline, cmd);
                }
                default -> {
                    cmd.appendUnquoted(c);
                    pos++;
                }
            }
        }
        if (inSubstitution) {
            complete = false;
        }
        endPipeline(pipeline, cmd);
    }

    private void singleQuoted(Builder cmd) {
        int end = src.indexOf('\'', pos + 1);
        if (end < 0) {
            complete = false;
            end = src.length();
        }
        cmd.appendQuoted(src.substring(pos + 1, end));
        pos = end + 1;
    }

    private void doubleQuoted(Builder cmd) {
        pos++;
        cmd.appendQuoted("");
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < src.length() && "\"\\$`\n".indexOf(src.charAt(pos + 1)) >= 0) {
                if (src.charAt(pos + 1) != '\n') {
                    cmd.append(src.charAt(pos + 1));
                }
                pos += 2;
            } else if (c == '`') {
                backticks(cmd);
            } else if (c == '$') {
                dollar(cmd, true);
            } else {
                cmd.append(c);
                pos++;
            }
        }
        complete = false;
    }

    private void backticks(Builder cmd) {
        StringBuilder inner = new StringBuilder();
        int i = pos + 1;
        while (i < src.length() && src.charAt(i) != '`') {
            if (src.charAt(i) == '\\' && i + 1 < src.length() && "`\\$".indexOf(src.charAt(i + 1)) >= 0) {
                i++;
            }
            inner.append(src.charAt(i));
            i++;
        }
        if (i >= src.length()) {
            complete = false;
        }
        pos = i + 1;
        Parsed nested = parse(inner.toString(), depth + 1);
        out.addAll(nested.pipelines());
        complete &= nested.complete();
        tooDeep |= nested.tooDeep();
        cmd.append("$(" + inner + ")");
        cmd.markDynamic();
    }

    private void dollar(Builder cmd, boolean inDoubleQuotes) {
        char next = pos + 1 < src.length() ? src.charAt(pos + 1) : '\0';
        if (next == '(' && pos + 2 < src.length() && src.charAt(pos + 2) == '(') {
            int end = matching(pos + 1, '(', ')');
            cmd.append(src.substring(pos, end));
            cmd.markDynamic();
            pos = end;
        } else if (next == '(') {
            substitution(cmd, "$", pos + 2);
        } else if (next == '{') {
            int end = matching(pos + 1, '{', '}');
            String expansion = src.substring(pos, end);
            pos = end;
            if (!inDoubleQuotes && expansion.equals("${IFS}")) {
                cmd.endWord();
            } else {
                cmd.append(expansion);
                cmd.markDynamic();
            }
        } else if (next == '\'' && !inDoubleQuotes) {
            ansiC(cmd);
        } else if (!inDoubleQuotes && src.startsWith("IFS", pos + 1) && !identifierAt(pos + 4)) {
            cmd.endWord();
            pos += 4;
        } else {
            if (identifierAt(pos + 1) || (next != '\0' && "@*#?$!-".indexOf(next) >= 0)) {
                cmd.markDynamic();
            }
            cmd.append('$');
            pos++;
        }
    }

    /**
     * {@code $( )}, {@code <( )} or {@code >( )}: the inside is parsed as commands, the word keeps its
     * text.
     */
    private void substitution(Builder cmd, String prefix, int innerStart) {
        if (depth >= MAX_DEPTH) {
            complete = false;
            tooDeep = true;
            int end = matching(innerStart - 1, '(', ')');
            cmd.append(src.substring(pos, end));
            cmd.markDynamic();
            pos = end;
            return;
        }
        ShellParser inner = new ShellParser(src, out, depth + 1);
        inner.pos = innerStart;
        inner.parseList(true);
        complete &= inner.complete;
        tooDeep |= inner.tooDeep;
        int end = Math.min(inner.pos, src.length());
        int innerEnd = end > innerStart && src.charAt(end - 1) == ')' ? end - 1 : end;
        cmd.append(prefix + "(" + src.substring(innerStart, innerEnd) + ")");
        cmd.markDynamic();
        pos = end;
    }

    /** {@code $'...'}: bash's ANSI-C quoting, decoded so {@code $'\x72m'} reads as {@code rm}. */
    private void ansiC(Builder cmd) {
        StringBuilder text = new StringBuilder();
        int i = pos + 2;
        while (i < src.length() && src.charAt(i) != '\'') {
            char c = src.charAt(i);
            if (c == '\\' && i + 1 < src.length()) {
                char e = src.charAt(i + 1);
                i += 2;
                switch (e) {
                    case 'n' -> text.append('\n');
                    case 't' -> text.append('\t');
                    case 'x' -> {
                        int end = i;
                        while (end < src.length() && end < i + 2 && Character.digit(src.charAt(end), 16) >= 0) {
                            end++;
                        }
                        if (end > i) {
                            text.append((char) Integer.parseInt(src.substring(i, end), 16));
                        }
                        i = end;
                    }
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        int start = i - 1;
                        int end = start;
                        while (end < src.length() && end < start + 3 && src.charAt(end) >= '0'
                                && src.charAt(end) <= '7') {
                            end++;
                        }
                        text.append((char) Integer.parseInt(src.substring(start, end), 8));
                        i = end;
                    }
                    default -> text.append(e);
                }
            } else {
                text.append(c);
                i++;
            }
        }
        if (i >= src.length()) {
            complete = false;
        }
        cmd.appendQuoted(text.toString());
        pos = i + 1;
    }

    /**
     * {@code >}, {@code >>}, {@code 2>&1}, {@code &>}, {@code <}, {@code <<}, ...: the operator (with
     * its file descriptor) and, unless it duplicates a descriptor, the next word as target.
     */
    private void redirection(Builder cmd) {
        StringBuilder op = new StringBuilder(cmd.takeFileDescriptor());
        while (pos < src.length() && "<>&|-".indexOf(src.charAt(pos)) >= 0) {
            char c = src.charAt(pos);
            if (c == '-' && !(op.toString().endsWith("<<") || op.toString().endsWith("&"))) {
                break;
            }
            if (c == '&' && op.length() > 0 && op.charAt(op.length() - 1) == '&') {
                break;
            }
            op.append(c);
            pos++;
        }
        if (op.toString().endsWith("&")) {
            int start = pos;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos > start) {
                cmd.redirect(op + src.substring(start, pos));
                return;
            }
        }
        cmd.expectTarget(op.toString());
    }

    /** The index just past the bracket matching the one at {@code open}. */
    private int matching(int open, char opening, char closing) {
        int level = 0;
        for (int i = open; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == opening) {
                level++;
            } else if (c == closing && --level == 0) {
                return i + 1;
            }
        }
        complete = false;
        return src.length();
    }

    private boolean identifierAt(int i) {
        return i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_');
    }

    private static void endCommand(List<RawCommand> pipeline, Builder cmd) {
        RawCommand done = cmd.build();
        if (done != null) {
            pipeline.add(done);
        }
    }

    private void endPipeline(List<RawCommand> pipeline, Builder cmd) {
        endCommand(pipeline, cmd);
        if (!pipeline.isEmpty()) {
            out.add(new Pipeline(List.copyOf(pipeline)));
            pipeline.clear();
        }
    }

    /** The command being read: finished words, the word in progress, redirections. */
    private static final class Builder {

        private final List<String> words = new ArrayList<>();
        private final List<String> redirections = new ArrayList<>();
        private final List<Boolean> dynamic = new ArrayList<>();
        private StringBuilder word;
        private boolean quoted;
        private boolean wordDynamic;
        private boolean brace;
        private String pendingRedirection;

        /** An unquoted character: a glob ({@code * ? [}) or a brace makes the word dynamic. */
        void appendUnquoted(char c) {
            if (c == '*' || c == '?' || c == '[') {
                wordDynamic = true;
            } else if (c == '{') {
                brace = true;
            }
            append(c);
        }

        void markDynamic() {
            current();
            wordDynamic = true;
        }

        void append(char c) {
            current().append(c);
        }

        void append(String s) {
            current().append(s);
        }

        void appendQuoted(String s) {
            current().append(s);
            quoted = true;
        }

        boolean atWordStart() {
            return word == null;
        }

        /** A word of digits right before {@code >} is the descriptor, not an argument. */
        String takeFileDescriptor() {
            if (word != null && !quoted && !word.isEmpty() && word.chars().allMatch(Character::isDigit)) {
                String fd = word.toString();
                word = null;
                return fd;
            }
            endWord();
            return "";
        }

        void redirect(String full) {
            redirections.add(full);
        }

        void expectTarget(String op) {
            if (pendingRedirection != null) {
                redirections.add(pendingRedirection);
            }
            pendingRedirection = op;
        }

        void endWord() {
            if (word == null) {
                return;
            }
            String w = word.toString();
            boolean isDynamic = wordDynamic || (brace && !w.equals("{"));
            word = null;
            quoted = false;
            wordDynamic = false;
            brace = false;
            if (pendingRedirection != null) {
                redirections.add(pendingRedirection + " " + w);
                pendingRedirection = null;
            } else {
                words.add(w);
                dynamic.add(isDynamic);
            }
        }

        RawCommand build() {
            endWord();
            if (pendingRedirection != null) {
                redirections.add(pendingRedirection);
                pendingRedirection = null;
            }
            if (words.isEmpty() && redirections.isEmpty()) {
                return null;
            }
            RawCommand cmd = new RawCommand(List.copyOf(words), List.copyOf(redirections), List.copyOf(dynamic));
            words.clear();
            redirections.clear();
            dynamic.clear();
            return cmd;
        }

        private StringBuilder current() {
            if (word == null) {
                word = new StringBuilder();
            }
            return word;
        }
    }
}
