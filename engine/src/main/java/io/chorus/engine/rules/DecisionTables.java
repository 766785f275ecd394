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
import java.util.regex.Pattern;

/**
 * Decision tables (CSV, XLS or XLSX, by any name) turned into the DRL the compiler reads, by the generator Drools
 * uses for a {@code *.drl.csv}, keeping the rows to map errors back to them. Drools compiles only a workbook's first
 * sheet; here every sheet holding a RuleTable is compiled, and any other sheet is named in a warning.
 */
final class DecisionTables {
    private static final Pattern RULE_TABLE = Pattern.compile("(?i)(?:^|[,\\t])\"?\\s*RuleTable");

    private DecisionTables() {
    }

    static boolean isTable(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".xls") || name.endsWith(".xlsx");
    }

    /** The DRL of each sheet with a RuleTable; what cannot be read, or holds no table, is reported in problems. */
    static List<RuleSource> read(String file, byte[] bytes, List<RuleProblem> problems) {
        try {
            if (file.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                List<String> rows = List.of(new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1));
                if (!hasRuleTable(rows)) {
                    problems.add(RuleProblem.error(file, 0, "not a decision table: no cell starts with RuleTable"
                            + " (rule files are *.drl and decision tables *.csv, *.xls, *.xlsx)"));
                    return List.of();
                }
                String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(bytes), InputType.CSV);
                return List.of(new RuleSource(file, null, file + ".drl", drl, rows));
            }
            return readWorkbook(file, bytes, problems);
        } catch (IOException | RuntimeException e) {
            problems.add(RuleProblem.error(file, 0, "cannot read the decision table: " + e.getMessage()));
            return List.of();
        }
    }

    private static List<RuleSource> readWorkbook(String file, byte[] bytes, List<RuleProblem> problems)
            throws IOException {
        List<RuleSource> sources = new ArrayList<>();
        List<String> notTables = new ArrayList<>();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            boolean several = workbook.getNumberOfSheets() > 1;
            for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
                String name = workbook.getSheetName(i);
                List<String> rows = rows(workbook.getSheetAt(i));
                if (!hasRuleTable(rows)) {
                    notTables.add(name);
                    continue;
                }
                // The first sheet exactly as Drools would compile it alone; a later one by name, and Drools then
                // adds the sheet's name to the rules it names itself, so two sheets' tables cannot clash.
                SpreadsheetCompiler compiler = new SpreadsheetCompiler();
                String drl = i == 0 ? compiler.compile(new ByteArrayInputStream(bytes), InputType.XLS)
                        : compiler.compile(new ByteArrayInputStream(bytes), name);
                sources.add(new RuleSource(file, several ? name : null, file + ".sheet" + (i + 1) + ".drl", drl, rows));
            }
        }
        if (sources.isEmpty()) {
            problems.add(RuleProblem.error(file, 0,
                    "not a decision table: no sheet has a cell that starts with RuleTable"));
        } else {
            notTables.forEach(name -> problems.add(RuleProblem.warning(file, 0,
                    "sheet \"" + name + "\" not loaded: it has no cell that starts with RuleTable")));
        }
        return sources;
    }

    private static boolean hasRuleTable(List<String> rows) {
        return rows.stream().anyMatch(row -> RULE_TABLE.matcher(row).find());
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
