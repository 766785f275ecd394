package io.chorus.engine.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The limits of {@link Limits} held on a whole JSON document before anything binds or stores it: no NUL and no lone
 * surrogate in any key or string, ids and identifier values at most 128 characters, other strings at most 4,096,
 * numbers finite and of a sane size. Ids are known by their names, the contract's convention: {@code id},
 * {@code …Id}, and the {@code value} of an identifier.
 */
public final class TreeLimits {
    /** No number of the contract needs more digits than this; the bound keeps a stored copy of the input small. */
    static final int MOST_DIGITS = 40;

    private final int mostTextLength;
    private final List<FieldProblem> problems = new ArrayList<>();

    private TreeLimits(int mostTextLength) {
        this.mostTextLength = mostTextLength;
    }

    /** Every problem in the document, each at its field path; empty when it keeps every limit. */
    public static List<FieldProblem> check(JsonNode document) {
        return check(document, Limits.MAX_TEXT_LENGTH);
    }

    /**
     * As {@link #check(JsonNode)}, with another bound on text: a document that carries files (a rule set) has
     * strings longer than any field of a customer's record.
     */
    public static List<FieldProblem> check(JsonNode document, int mostTextLength) {
        TreeLimits limits = new TreeLimits(mostTextLength);
        limits.walk(document, "", false);
        return List.copyOf(limits.problems);
    }

    private void walk(JsonNode node, String path, boolean isId) {
        if (node.isObject()) {
            boolean identifier = path.endsWith("identifier") || path.matches(".*identifiers\\[\\d+]");
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                String at = path.isEmpty() ? key : path + "." + key;
                String keyProblem = Limits.stringProblem(key, Limits.MAX_TEXT_LENGTH);
                if (keyProblem != null) {
                    problems.add(new FieldProblem(path.isEmpty() ? printable(key) : path + "." + printable(key),
                            "field name " + keyProblem));
                    continue;
                }
                walk(field.getValue(), at, isIdName(key) || identifier && key.equals("value"));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", isId);
            }
        } else if (node.isTextual()) {
            String problem = Limits.stringProblem(node.textValue(), isId ? Limits.MAX_ID_LENGTH : mostTextLength);
            if (problem != null) {
                problems.add(new FieldProblem(path, problem));
            }
        } else if (node.isNumber()) {
            String problem = numberProblem(node);
            if (problem != null) {
                problems.add(new FieldProblem(path, problem));
            }
        }
    }

    private static boolean isIdName(String key) {
        return key.equals("id") || key.length() > 2 && key.endsWith("Id");
    }

    private static String numberProblem(JsonNode number) {
        if (number.isDouble() || number.isFloat()) {
            return Double.isFinite(number.doubleValue()) ? null : "must be a finite number";
        }
        if (number.isBigDecimal()) {
            BigDecimal value = number.decimalValue();
            int before = value.precision() - value.scale();
            return before > MOST_DIGITS || value.scale() > MOST_DIGITS
                    ? "a number of at most " + MOST_DIGITS + " digits either side of the point" : null;
        }
        if (number.isBigInteger()) {
            BigInteger value = number.bigIntegerValue();
            return value.abs().toString().length() > MOST_DIGITS
                    ? "a number of at most " + MOST_DIGITS + " digits" : null;
        }
        return null;
    }

    /** A key that broke a limit, shown without what broke it (NUL, half a surrogate) and not at full length. */
    private static String printable(String key) {
        StringBuilder shown = new StringBuilder();
        key.codePoints().limit(Limits.MAX_ID_LENGTH).forEach(c -> {
            if (c == 0 || Character.isSurrogate((char) c) && Character.charCount(c) == 1) {
                shown.append('\uFFFD');
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
