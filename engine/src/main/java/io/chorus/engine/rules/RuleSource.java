package io.chorus.engine.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DRL the compiler reads, and the way back to what the analyst wrote: a DRL file is its own source; a decision
 * table (or one sheet of a workbook) is read through the DRL generated from it, whose lines mean nothing to the
 * analyst, so they are mapped back to the table's rows.
 *
 * @param file     the analyst's file, relative to the rule directory
 * @param sheet    the sheet of a workbook with several, else null
 * @param resource where the compiler reads the DRL
 * @param drl      the text compiled
 * @param rows     a decision table's rows as text (row {@code n} at index {@code n - 1}); null for a DRL file
 */
record RuleSource(String file, String sheet, String resource, String drl, List<String> rows) {
    /** The generator opens every rule with this comment, giving the cell (and so the row) the rule came from. */
    private static final Pattern RULE_VALUES = Pattern.compile("^\\s*// rule values at [A-Z]+(\\d+)");
    private static final Pattern END = Pattern.compile("^\\s*end\\s*$");

    static RuleSource drl(String file, String text) {
        return new RuleSource(file, null, file, text, null);
    }

    boolean isTable() {
        return rows != null;
    }

    /** The analyst's line for a line of the DRL: the same line, or the table row that made that rule (0 if none). */
    int line(int drlLine) {
        if (!isTable() || drlLine <= 0) {
            return drlLine;
        }
        String[] lines = drl.split("\n", -1);
        for (int i = Math.min(drlLine, lines.length) - 1; i >= 0; i--) {
            Matcher values = RULE_VALUES.matcher(lines[i]);
            if (values.find()) {
                return Integer.parseInt(values.group(1));
            }
            if (i < drlLine - 1 && END.matcher(lines[i]).matches()) {
                break;
            }
        }
        return 0;
    }

    /**
     * The analyst's line where {@code text} (found at {@code drlLine} of the DRL) is written: in a table, the rule's
     * own row if it holds the text, else the first row that does (a template in the header), else the rule's row.
     */
    int line(int drlLine, String text) {
        int row = line(drlLine);
        if (!isTable()) {
            return row;
        }
        String wanted = text.replaceAll("\\s+", "");
        if (row > 0 && row <= rows.size() && rows.get(row - 1).replaceAll("\\s+", "").contains(wanted)) {
            return row;
        }
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).replaceAll("\\s+", "").contains(wanted)) {
                return r + 1;
            }
        }
        return row;
    }

    /** The message as the analyst reads it: which sheet, when a workbook has several. */
    String describe(String message) {
        return sheet == null ? message : "sheet \"" + sheet + "\": " + message;
    }
}
