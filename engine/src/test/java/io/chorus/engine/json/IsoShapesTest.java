package io.chorus.engine.json;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick reading of the shapes Chorus writes agrees with the general ISO parser, and declines the rest. */
class IsoShapesTest {

    @Test
    void timestampsReadAsTheGeneralParserReadsThem() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_208_988_800L, 253_402_300_799L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = DateTimeFormatter.ISO_INSTANT.format(instant);
            assertThat(IsoShapes.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(IsoShapes.instant("2026-03-10T10:40:00Z")).isEqualTo(Instant.parse("2026-03-10T10:40:00Z"));
        assertThat(IsoShapes.instant("2026-03-10T10:40:00.5Z")).isEqualTo(Instant.parse("2026-03-10T10:40:00.500Z"));
    }

    @Test
    void datesReadAsTheGeneralParserReadsThem() {
        for (LocalDate day = LocalDate.of(1899, 12, 1); day.isBefore(LocalDate.of(2101, 1, 1)); day = day.plusDays(1)) {
            assertThat(IsoShapes.date(day.toString())).isEqualTo(day);
        }
    }

    @Test
    void anythingElseIsLeftToTheGeneralParser() {
        for (String other : new String[] {"2026-02-30", "2026-13-01", "2026-3-10", "20260310", "2026-03-10Z",
                "2026-03-10T24:00:00Z", "2026-03-10T10:60:00Z", "2026-03-10T23:59:60Z", "2026-03-10t10:00:00Z",
                "2026-03-10T10:00:00+01:00", "2026-03-10T10:00Z", "2026-03-10T10:00:00.Z",
                "2026-03-10T10:00:00.1234567890Z", "+300000-01-01T00:00:00Z", "2026-03-10T10:00:0xZ", ""}) {
            assertThat(IsoShapes.instant(other)).as(other).isNull();
        }
        for (String other : new String[] {"2026-02-29", "2026-00-10", "2026-03-32", "2026/03/10", "-026-03-10",
                "2026-03-10T00:00:00Z"}) {
            assertThat(IsoShapes.date(other)).as(other).isNull();
        }
    }
}
