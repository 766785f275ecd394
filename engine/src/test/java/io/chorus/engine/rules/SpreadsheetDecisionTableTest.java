package io.chorus.engine.rules;

import io.chorus.engine.Fixtures;
import io.chorus.engine.context.Channel;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Analysts edit tables in a spreadsheet: the same table as XLSX decides exactly as the CSV does. */
class SpreadsheetDecisionTableTest {
    @TempDir
    Path dir;

    @Test
    void retentionOfferTableAsXlsxDecidesLikeTheCsv() throws IOException {
        Fixtures.copyDefaultRules(dir);
        Path csv = dir.resolve("tables/retention-offers.drl.csv");
        writeXlsx(readCsv(csv), dir.resolve("tables/retention-offers.drl.xlsx"));
        Files.delete(csv);

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

    private static void writeXlsx(List<List<String>> rows, Path file) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = workbook.createSheet("Retention offers");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    if (!rows.get(r).get(c).isEmpty()) {
                        row.createCell(c).setCellValue(rows.get(r).get(c));
                    }
                }
            }
            workbook.write(out);
        }
    }
}
