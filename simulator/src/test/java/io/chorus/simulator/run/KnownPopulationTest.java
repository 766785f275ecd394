package io.chorus.simulator.run;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.Segment;
import io.chorus.simulator.Fixtures;
import io.chorus.simulator.report.SimulationReport;
import io.chorus.simulator.report.SimulationReport.ActionRow;
import io.chorus.simulator.report.SimulationReport.BadLine;
import io.chorus.simulator.report.SimulationReport.NoActionRow;
import io.chorus.simulator.report.SimulationReport.NoActionSample;
import io.chorus.simulator.report.SimulationReport.SuppressionRow;
import io.chorus.simulator.report.SimulationReport.TypeRow;
import io.chorus.simulator.source.JsonLinesFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.chorus.engine.context.Channel.CALL_CENTER;
import static io.chorus.engine.context.Channel.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * src/test/resources/populations/known.jsonl, decided on CALL_CENTER and SMS as of 2026-05-20T10:00Z:
 * <ul>
 * <li>C-1001 Sam Rivers (the seed story): credit 12.50 for the removed tablet SIM, credit 19.98 (two months of the
 * 9.99 partner fee, enrolled 71 days ago), three pieces of guidance; sales outreach, the retention offer and the
 * delete-the-app advice suppressed. SMS shows only the two credits.</li>
 * <li>C-2 has nothing going on: no action anywhere.</li>
 * <li>C-3 asked to cancel, four years a consumer: CONSUMER_LOYALTY_10 in the call centre; on SMS, where consent is
 * refused, the offer is blocked.</li>
 * <li>C-4, a business that asked to cancel, declined that very offer 40 days ago: blocked on both channels.</li>
 * <li>C-5 was billed 10.00 + 3.50 usage for a line removed in February (April's charge already credited):
 * credit 13.50 and a billing correction.</li>
 * <li>line 6 is blank (skipped); lines 7 and 8 are bad: an unknown account status, and a truncated line.</li>
 * </ul>
 */
class KnownPopulationTest {
    private static SimulationReport report;
    private static final List<BadLine> heard = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void run() throws Exception {
        SimulationSettings settings = new SimulationSettings(List.of(CALL_CENTER, SMS), Fixtures.AS_OF, 5, false, 2, 20);
        RunObserver observer = new RunObserver() {
            @Override
            public void badLine(BadLine line) {
                heard.add(line);
            }

            @Override
            public void progress(long customers, long done, long total) {
            }
        };
        report = new Simulator(Fixtures.defaultRuleSet(), null, settings)
                .run(new JsonLinesFile(Fixtures.knownPopulation()), observer).report();
    }

    @Test
    void countsCustomersAndDecisions() {
        assertThat(report.customers()).isEqualTo(5);
        assertThat(report.decisions()).isEqualTo(10);
        assertThat(report.baseline()).isNull();
        assertThat(report.changes()).isNull();
    }

    @Test
    void countsCustomersAndCreditPerActionTypeAndChannel() {
        assertThat(report.candidate().byType())
                .extracting(TypeRow::channel, TypeRow::type, TypeRow::customers, TypeRow::credits)
                .containsExactly(
                        tuple(CALL_CENTER, ActionType.RETENTION_OFFER, 1L, money("0.00")),
                        tuple(CALL_CENTER, ActionType.CREDIT, 2L, money("45.98")),
                        tuple(CALL_CENTER, ActionType.GUIDANCE, 4L, money("0.00")),
                        tuple(SMS, ActionType.CREDIT, 2L, money("45.98")));
    }

    @Test
    void countsEachActionByKeyWithTheCustomersOwnIdsGeneralised() {
        assertThat(report.candidate().byAction())
                .extracting(ActionRow::channel, ActionRow::key, ActionRow::customers, ActionRow::credits)
                .containsExactlyInAnyOrder(
                        tuple(CALL_CENTER, "removed-line-charges", 2L, money("26.00")),
                        tuple(CALL_CENTER, "correct-billing:{line}", 2L, money("0.00")),
                        tuple(CALL_CENTER, "fallback:check-in", 2L, money("0.00")),
                        tuple(CALL_CENTER, "retention:CONSUMER_LOYALTY_10", 1L, money("0.00")),
                        tuple(CALL_CENTER, "promotion-refund:MUSIC_PREMIUM_BUNDLE", 1L, money("19.98")),
                        tuple(CALL_CENTER, "open-case:{case}", 1L, money("0.00")),
                        tuple(CALL_CENTER, "promotion-activation:MUSIC_PREMIUM_BUNDLE", 1L, money("0.00")),
                        tuple(SMS, "removed-line-charges", 2L, money("26.00")),
                        tuple(SMS, "promotion-refund:MUSIC_PREMIUM_BUNDLE", 1L, money("19.98")));
    }

    @Test
    void countsSuppressionsByTheRuleThatBlockedThem() {
        assertThat(report.candidate().suppressions())
                .extracting(SuppressionRow::channel, SuppressionRow::blockedBy, SuppressionRow::type,
                        SuppressionRow::suppressions)
                .containsExactlyInAnyOrder(
                        tuple(CALL_CENTER, "An offer declined in the last 90 days is not made again", ActionType.RETENTION_OFFER, 1L),
                        tuple(CALL_CENTER, "Never advise deleting the app to a premium subscriber", ActionType.GUIDANCE, 1L),
                        tuple(CALL_CENTER, "No retention offer to a growing account", ActionType.RETENTION_OFFER, 1L),
                        tuple(CALL_CENTER, "No sales outreach while a billing dispute is open", ActionType.OUTREACH, 1L),
                        tuple(SMS, "An offer declined in the last 90 days is not made again", ActionType.RETENTION_OFFER, 1L),
                        tuple(SMS, "Never advise deleting the app to a premium subscriber", ActionType.GUIDANCE, 1L),
                        tuple(SMS, "No marketing on an outbound channel without consent", ActionType.RETENTION_OFFER, 1L),
                        tuple(SMS, "No retention offer to a growing account", ActionType.RETENTION_OFFER, 1L),
                        tuple(SMS, "No sales outreach while a billing dispute is open", ActionType.OUTREACH, 1L));
    }

    @Test
    void namesTheCustomersLeftWithNoActionBySegment() {
        assertThat(report.candidate().noAction())
                .extracting(NoActionRow::channel, NoActionRow::segment, NoActionRow::customers)
                .containsExactly(
                        tuple(CALL_CENTER, Segment.CONSUMER, 1L),
                        tuple(CALL_CENTER, Segment.BUSINESS, 1L),
                        tuple(SMS, Segment.CONSUMER, 2L),
                        tuple(SMS, Segment.BUSINESS, 1L));
        assertThat(report.candidate().noActionSamples())
                .extracting(NoActionSample::channel, NoActionSample::customerIds)
                .containsExactly(tuple(CALL_CENTER, List.of("C-2", "C-4")), tuple(SMS, List.of("C-2", "C-3", "C-4")));
    }

    @Test
    void countsAndReportsBadLinesWithFileAndLineAndGoesOn() {
        String file = Fixtures.knownPopulation().toString();
        assertThat(report.badLines()).isEqualTo(2);
        assertThat(report.badLineSamples()).extracting(BadLine::toString).containsExactly(
                file + ":7: accounts[0].status: unknown value \"OPEN\" (expected one of ACTIVE, SUSPENDED, CLOSED)",
                file + ":8: malformed JSON: Unexpected end-of-input within/between Object entries");
        assertThat(heard).extracting(BadLine::location).containsExactlyInAnyOrder(file + ":7", file + ":8");
    }

    @Test
    void strictRunStopsAtTheFirstBadLine() throws Exception {
        SimulationSettings strict = new SimulationSettings(List.of(Channel.CALL_CENTER), Fixtures.AS_OF, 5, true, 1, 20);
        SimulationResult result = new Simulator(Fixtures.defaultRuleSet(), null, strict)
                .run(new JsonLinesFile(Fixtures.knownPopulation()), RunObserver.SILENT);

        assertThat(result.stoppedAt()).get().extracting(BadLine::location)
                .isEqualTo(Fixtures.knownPopulation() + ":7");
        assertThat(result.report().badLines()).isEqualTo(1);
    }

    @Test
    void theSameRunGivesTheSameReportWhateverTheNumberOfThreads() throws Exception {
        SimulationSettings oneThread = new SimulationSettings(List.of(CALL_CENTER, SMS), Fixtures.AS_OF, 5, false, 1, 20);
        SimulationReport single = new Simulator(Fixtures.defaultRuleSet(), null, oneThread)
                .run(new JsonLinesFile(Fixtures.knownPopulation()), RunObserver.SILENT).report();

        assertThat(single.candidate()).isEqualTo(report.candidate());
        assertThat(single.badLineSamples()).isEqualTo(report.badLineSamples());
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
