package io.chorus.engine.rules;

import io.chorus.engine.Fixtures;
import io.chorus.engine.context.Channel;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Analysts edit tables in a spreadsheet: the same table as XLSX decides exactly as the CSV does. */
class SpreadsheetDecisionTableTest {
    private static final String OFFERS = "tables/retention-offers.drl.csv";
    private static final String WEIGHTS = "tables/channel-weights.drl.csv";

    @TempDir
    Path dir;

    @Test
    void retentionOfferTableAsXlsxDecidesLikeTheCsv() throws IOException {
        Fixtures.copyDefaultRules(dir);
        writeWorkbook("tables/retention-offers.drl.xlsx", Map.of("Retention offers", takeCsv(OFFERS)));

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.errors()).isEmpty();
        DecisionRequest portingOut = new DecisionRequest(Fixtures.customer("megan-doyle.json"), Channel.CALL_CENTER,
                Fixtures.AFTER_MAY_COMPLAINTS);
        Decision fromXlsx = load.orElseThrow().decide("d", portingOut);
        Decision fromCsv = Fixtures.defaultRules().decide("d", portingOut);
        assertThat(fromXlsx.actions()).extracting(Action::actionId, Action::title, Action::priority)
                .isEqualTo(fromCsv.actions().stream()
                        .map(a -> org.assertj.core.groups.Tuple.tuple(a.actionId(), a.title(), a.priority())).toList());
        assertThat(fromXlsx.actions()).anySatisfy(a -> assertThat(a.key()).startsWith("retention:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tables/offers.xlsx", "tables/offers.xls"})
    void workbookWithAPlainNameLoadsAsADecisionTable(String workbook) throws IOException {
        Fixtures.copyDefaultRules(dir);
        writeWorkbook(workbook, Map.of("Retention offers", takeCsv(OFFERS)));

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.problems()).isEmpty();
        assertThat(load.files()).extracting(RuleFile::path).contains(workbook);
        assertThat(load.orElseThrow().ruleNames()).contains("Retention offer for a business account of 3 years or more");
    }

    @Test
    void everySheetOfAWorkbookLoads() throws IOException {
        Fixtures.copyDefaultRules(dir);
        writeWorkbook("tables/catalogue.xlsx", sheets("Retention offers", takeCsv(OFFERS), "Channel weights", takeCsv(WEIGHTS)));

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.problems()).isEmpty();
        assertThat(load.orElseThrow().ruleNames()).contains("Retention offer for a business account of 3 years or more",
                "How well a letter suits a credit");
        DecisionRequest byLetter = new DecisionRequest(Fixtures.samRivers(), Channel.LETTER, Fixtures.AFTER_MAY_COMPLAINTS);
        Decision fromWorkbook = load.orElseThrow().decide("d", byLetter);
        Decision fromCsv = Fixtures.defaultRules().decide("d", byLetter);
        assertThat(fromWorkbook).usingRecursiveComparison().ignoringFields("ruleSetVersion", "rulesFired")
                .isEqualTo(fromCsv);
        assertThat(fromWorkbook.rulesFired()).containsExactlyInAnyOrderElementsOf(fromCsv.rulesFired());
    }

    @Test
    void errorOnALaterSheetNamesTheSheetAndTheRow() throws IOException {
        Fixtures.copyDefaultRules(dir);
        List<List<String>> weights = takeCsv(WEIGHTS);
        List<String> letterCredit = weights.stream().filter(row -> row.contains("LETTER") && row.contains("CREDIT"))
                .findFirst().orElseThrow();
        letterCredit.set(letterCredit.indexOf("CREDIT"), "CREDITT");
        writeWorkbook("tables/catalogue.xlsx", sheets("Retention offers", takeCsv(OFFERS), "Channel weights", weights));

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).endsWith("tables/catalogue.xlsx");
            assertThat(e.line()).isEqualTo(weights.indexOf(letterCredit) + 1);
            assertThat(e.message()).startsWith("sheet \"Channel weights\": ").contains("CREDITT");
        });
    }

    @Test
    void sheetWithoutARuleTableIsNamedInAWarning() throws IOException {
        Fixtures.copyDefaultRules(dir);
        writeWorkbook("tables/offers.xlsx", sheets("Retention offers", takeCsv(OFFERS),
                "Notes", List.of(List.of("Offers are reviewed every quarter."))));

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.ok()).isTrue();
        assertThat(load.warnings()).singleElement().satisfies(w -> assertThat(w.toString())
                .contains("tables/offers.xlsx").contains("sheet \"Notes\"").contains("not loaded"));
    }

    /** The rows of one of the copied default tables, which is then removed so that a workbook can replace it. */
    private List<List<String>> takeCsv(String table) throws IOException {
        Path csv = dir.resolve(table);
        List<List<String>> rows = readCsv(csv);
        Files.delete(csv);
        return rows;
    }

    private static Map<String, List<List<String>>> sheets(String first, List<List<String>> firstRows, String second,
                                                          List<List<String>> secondRows) {
        Map<String, List<List<String>>> sheets = new LinkedHashMap<>();
        sheets.put(first, firstRows);
        sheets.put(second, secondRows);
        return sheets;
    }

    private static List<List<String>> readCsv(Path csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            rows.add(cells);
        }
        return rows;
    }

    /** A workbook of the given sheets: XLSX, or the older XLS if the name says so. */
    private void writeWorkbook(String file, Map<String, List<List<String>>> sheets) throws IOException {
        try (Workbook workbook = file.endsWith(".xls") ? new HSSFWorkbook() : new XSSFWorkbook();
             OutputStream out = Files.newOutputStream(dir.resolve(file))) {
            sheets.forEach((name, rows) -> {
                Sheet sheet = workbook.createSheet(name);
                for (int r = 0; r < rows.size(); r++) {
                    Row row = sheet.createRow(r);
                    for (int c = 0; c < rows.get(r).size(); c++) {
                        if (!rows.get(r).get(c).isEmpty()) {
                            row.createCell(c).setCellValue(rows.get(r).get(c));
                        }
                    }
                }
            });
            workbook.write(out);
        }
    }
}
