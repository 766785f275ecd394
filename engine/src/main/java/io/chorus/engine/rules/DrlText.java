package io.chorus.engine.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading DRL as its author wrote it: where things are, with comments (and, for code, string literals) left out. */
final class DrlText {
    private static final Pattern RULE = Pattern.compile("(?m)^[ \\t]*rule[ \\t]+(?:\"([^\"]*)\"|'([^']*)'|(\\S+))");
    private static final Pattern END = Pattern.compile("(?m)^[ \\t]*end[ \\t]*\\r?$");

    private DrlText() {
    }

    /** The text with every comment blanked out; offsets and lines are unchanged. */
    static String withoutComments(String drl) {
        return blank(drl, false);
    }

    /** The text with comments and the contents of string literals blanked out: only what runs is left. */
    static String codeOnly(String drl) {
        return blank(drl, true);
    }

    /** 1-based line of a character offset. */
    static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Line of {@code rule "name"}, or 0. */
    static int ruleLine(String drl, String name) {
        Matcher rule = RULE.matcher(withoutComments(drl));
        while (rule.find()) {
            if (name.equals(name(rule))) {
                return lineAt(drl, rule.start());
            }
        }
        return 0;
    }

    /** Names of the rules declared in the text, in order. */
    static List<String> ruleNames(String drl) {
        Matcher rule = RULE.matcher(withoutComments(drl));
        List<String> names = new ArrayList<>();
        while (rule.find()) {
            names.add(name(rule));
        }
        return names;
    }

    private static String name(Matcher rule) {
        return rule.group(1) != null ? rule.group(1) : rule.group(2) != null ? rule.group(2) : rule.group(3);
    }

    /** Lines where {@code fragment} is written, ignoring whitespace and comments, in order. */
    static List<Integer> linesOf(String drl, String fragment) {
        String text = withoutComments(drl);
        StringBuilder compact = new StringBuilder(text.length());
        List<Integer> offsets = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                compact.append(text.charAt(i));
                offsets.add(i);
            }
        }
        String wanted = fragment.replaceAll("\\s+", "");
        List<Integer> lines = new ArrayList<>();
        if (wanted.isEmpty()) {
            return lines;
        }
        for (int at = compact.indexOf(wanted); at >= 0; at = compact.indexOf(wanted, at + wanted.length())) {
            lines.add(lineAt(drl, offsets.get(at)));
        }
        return lines;
    }

    /** First line from {@code ruleLine} to the rule's {@code end} where the identifier is used in code, or 0. */
    static int identifierLine(String drl, int ruleLine, String identifier) {
        String code = codeOnly(drl);
        int from = offsetOfLine(code, ruleLine);
        Matcher end = END.matcher(code);
        int to = end.find(from) ? end.end() : code.length();
        Matcher use = Pattern.compile("(?<![\\w$])" + Pattern.quote(identifier) + "(?![\\w$])").matcher(code)
                .region(from, to);
        return use.find() ? lineAt(code, use.start()) : 0;
    }

    private static int offsetOfLine(String text, int line) {
        int offset = 0;
        for (int l = 1; l < line && offset >= 0; l++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return text.length();
            }
        }
        return offset;
    }

    private static String blank(String text, boolean strings) {
        char[] out = text.toCharArray();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : 0;
            if (c == '/' && (next == '/' || next == '*')) {
                int end = next == '/' ? text.indexOf('\n', i) : text.indexOf("*/", i + 2);
                end = end < 0 ? n : next == '/' ? end : end + 2;
                spaces(out, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && text.charAt(j) != c && text.charAt(j) != '\n') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j, n);
                if (strings) {
                    spaces(out, i + 1, j);
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return new String(out);
    }

    private static void spaces(char[] out, int from, int to) {
        for (int k = from; k < to && k < out.length; k++) {
            if (out[k] != '\n') {
                out[k] = ' ';
            }
        }
    }
}
