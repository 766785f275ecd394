package io.chorus.simulator.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table for the terminal: columns padded to fit, numbers right-aligned. */
final class TextTable {
    private final List<String> headings;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headings) {
        this.headings = List.of(headings);
        this.numeric = new boolean[headings.length];
    }

    TextTable row(Object... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] instanceof Number) {
                numeric[i] = true;
            }
            row.add(Format.cell(cells[i]));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out, String indent) {
        int[] widths = new int[headings.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headings.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(indent + line(headings, widths));
        for (List<String> row : rows) {
            out.println(indent + line(row, widths));
        }
    }

    private String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            line.append(i == 0 ? "" : "  ").append(numeric[i] ? pad + cell : cell + pad);
        }
        return line.toString().stripTrailing();
    }
}
