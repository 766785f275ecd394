import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves a customer's story to today: every date, instant and month in the JSON document FILE moves by the days
 * between FROM (the day the story was written for) and today, and the result goes to standard output. The
 * constraints benchmark decides "now", as channels do, because leases serve only the current period.
 * Usage: java api/bench/ShiftDates.java FILE FROM   (FROM as 2026-05-20)
 */
public class ShiftDates {
    private static final Pattern VALUE = Pattern.compile("\"(\\d{4}-\\d{2})(-\\d{2})?(T[^\"]*)?\"");

    public static void main(String[] args) throws Exception {
        String text = Files.readString(Path.of(args[0]));
        long days = ChronoUnit.DAYS.between(LocalDate.parse(args[1]), LocalDate.now(ZoneOffset.UTC));
        Matcher m = VALUE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String moved;
            if (m.group(2) == null) {
                moved = YearMonth.from(YearMonth.parse(m.group(1)).atDay(1).plusDays(days)).toString();
            } else if (m.group(3) == null) {
                moved = LocalDate.parse(m.group(1) + m.group(2)).plusDays(days).toString();
            } else {
                moved = Instant.parse(m.group(1) + m.group(2) + m.group(3)).plus(days, ChronoUnit.DAYS).toString();
            }
            m.appendReplacement(out, Matcher.quoteReplacement("\"" + moved + "\""));
        }
        m.appendTail(out);
        System.out.print(out);
    }
}
