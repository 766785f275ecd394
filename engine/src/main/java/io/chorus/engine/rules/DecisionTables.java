package io.chorus.engine.rules;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decision tables turned into the DRL the compiler reads, by the same generator Drools uses for a
 * {@code *.drl.csv} or {@code *.drl.xlsx}, keeping the table's rows to map errors back to them.
 */
final class DecisionTables {
    private DecisionTables() {
    }

    static boolean isTable(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".xls") || name.endsWith(".xlsx");
    }

    /** The table's DRL, or an error for what cannot be read. */
    static List<RuleSource> read(String file, byte[] bytes, List<RuleProblem> problems) {
        try {
            if (file.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(bytes), InputType.CSV);
                List<String> rows = List.of(new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1));
                return List.of(new RuleSource(file, null, file + ".drl", drl, rows));
            }
            List<String> rows;
            try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
                rows = rows(workbook.getSheetAt(0));
            }
            String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(bytes), InputType.XLS);
            return List.of(new RuleSource(file, null, file + ".drl", drl, rows));
        } catch (IOException | RuntimeException e) {
            problems.add(RuleProblem.error(file, 0, "cannot read the decision table: " + e.getMessage()));
            return List.of();
        }
    }

    private static List<String> rows(Sheet sheet) {
        DataFormatter formatter = new DataFormatter();
        List<String> rows = new ArrayList<>();
        for (Row row : sheet) {
            while (rows.size() < row.getRowNum()) {
                rows.add("");
            }
            List<String> cells = new ArrayList<>();
            for (Cell cell : row) {
                cells.add(formatter.formatCellValue(cell));
            }
            rows.add(String.join("\t", cells));
        }
        return rows;
    }
}
