package io.chorus.simulator.progress;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressDisplayTest {
    private final StringWriter out = new StringWriter();

    @Test
    void aTerminalBarIsRedrawnInPlaceWithPercentRateAndTimeLeft() {
        ProgressDisplay bar = new ProgressDisplay(ProgressMode.BAR, new PrintWriter(out), "simulate", "records");

        bar.update(250, 25, 100);

        assertThat(out.toString()).startsWith("\rsimulate [=======>").contains(" 25% 250 records, ", "/s, ", " left");
        assertThat(out.toString()).doesNotContain("\n");
    }

    @Test
    void aMessageClearsTheBarAndTakesItsOwnLine() {
        ProgressDisplay bar = new ProgressDisplay(ProgressMode.BAR, new PrintWriter(out), "simulate", "records");
        bar.update(10, 1, 100);

        bar.message("pop.jsonl:7: malformed JSON");

        assertThat(out.toString()).endsWith("\r\u001B[Kpop.jsonl:7: malformed JSON" + System.lineSeparator());
    }

    @Test
    void plainLinesAreWrittenNowAndThenNotOnEveryUpdate() {
        ProgressDisplay lines = new ProgressDisplay(ProgressMode.LINES, new PrintWriter(out), "simulate", "records");

        for (int i = 1; i <= 1000; i++) {
            lines.update(i, i, 1000);
        }
        lines.finish(1000);

        assertThat(out.toString()).doesNotContain("\r").startsWith("simulate: 1,000 records in ");
        assertThat(out.toString().lines()).hasSize(1);
    }

    @Test
    void withoutAKnownTotalThereIsARateButNoPercentOrTimeLeft() {
        ProgressDisplay bar = new ProgressDisplay(ProgressMode.BAR, new PrintWriter(out), "simulate", "records");

        assertThat(bar.summary(500, 0, 0, System.nanoTime())).matches("500 records, [\\d,]+/s");
    }

    @Test
    void noneShowsNothing() {
        ProgressDisplay none = new ProgressDisplay(ProgressMode.NONE, new PrintWriter(out), "simulate", "records");
        none.update(5, 5, 10);
        none.finish(10);

        assertThat(out.toString()).isEmpty();
    }
}
