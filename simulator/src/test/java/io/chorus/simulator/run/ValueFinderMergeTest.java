package io.chorus.simulator.run;

import io.chorus.engine.rules.RuleSet;
import io.chorus.simulator.Fixtures;
import io.chorus.simulator.report.SimulationReport.ValueFinder;
import io.chorus.simulator.source.JsonLinesFile;
import io.chorus.simulator.source.PopulationLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.chorus.engine.context.Channel.CALL_CENTER;
import static io.chorus.engine.context.Channel.SMS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value finder's counts merge like the rest of the tally: whatever grouping of parts a run merges in, after
 * travelling between processes, the section is what one tally of the whole population says.
 */
class ValueFinderMergeTest {

    @Test
    void mergingIsAssociativeAndAgreesWithOneTallyOfTheWhole(@TempDir Path dir)
            throws Exception {
        RuleSet rules = Fixtures.defaultRuleSet();
        Path baselineDir = Fixtures.copyOfDefaultRules(dir.resolve("baseline"));
        Fixtures.edit(baselineDir.resolve("tables/retention-offers.drl.csv"), ",0.55,0.7,", ",0.65,0.7,");
        // 0.56: C-3's 10% off (0.55) is under it with the candidate's rules, not with the baseline's (0.65).
        SimulationSettings settings = new SimulationSettings(List.of(CALL_CENTER, SMS), Fixtures.AS_OF, 5, false, 1,
                3, 0.56);
        Decider decider = new Decider(rules, Fixtures.rules(baselineDir), settings);
        List<PopulationLine> lines = new ArrayList<>();
        new JsonLinesFile(Fixtures.knownPopulation()).read(lines::add);

        Tally whole = decider.newTally();
        List<Tally> parts = List.of(decider.newTally(), decider.newTally(), decider.newTally());
        for (PopulationLine line : lines) {
            decider.decide(line, whole);
            decider.decide(line, parts.get((int) (line.ordinal() % 3)));
        }
        ValueFinder left = travel(travel(parts.get(0)).merge(travel(parts.get(1)))).merge(travel(parts.get(2)))
                .valueFinder.report();
        ValueFinder right = travel(parts.get(0)).merge(travel(travel(parts.get(1)).merge(travel(parts.get(2)))))
                .valueFinder.report();
        ValueFinder reversed = travel(parts.get(2)).merge(travel(parts.get(1))).merge(travel(parts.get(0)))
                .valueFinder.report();

        ValueFinder expected = whole.valueFinder.report();
        assertThat(left).isEqualTo(expected);
        assertThat(right).isEqualTo(expected);
        assertThat(reversed).isEqualTo(expected);
        // Not an empty section agreeing with itself: the known population leaves customers without value.
        assertThat(expected.gaps()).anySatisfy(row -> assertThat(row.noAction()).isPositive());
        assertThat(expected.gaps()).anySatisfy(row -> {
            assertThat(row.lowPropensity()).isPositive();
            assertThat(row.baselineLowPropensity()).isLessThan(row.lowPropensity());
        });
        assertThat(expected.blockedBy()).isNotEmpty();
    }

    private static Tally travel(Tally tally) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(tally);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Tally) in.readObject();
        }
    }
}
