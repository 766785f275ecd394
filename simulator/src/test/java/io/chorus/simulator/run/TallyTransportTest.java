package io.chorus.simulator.run;

import io.chorus.engine.rules.RuleSet;
import io.chorus.simulator.Fixtures;
import io.chorus.simulator.report.SimulationReport;
import io.chorus.simulator.source.JsonLinesFile;
import io.chorus.simulator.source.PopulationLine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import static io.chorus.engine.context.Channel.APP;
import static io.chorus.engine.context.Channel.CALL_CENTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a distributed run relies on: a population decided in parts by {@link Decider}, each part's tally sent through
 * Java serialization and the tallies merged in another order, reports exactly what one run of the whole does.
 */
class TallyTransportTest {

    @Test
    void partsSerializedAndMergedInAnyOrderReportTheSameAsOneRun() throws Exception {
        RuleSet rules = Fixtures.defaultRuleSet();
        SimulationSettings settings = new SimulationSettings(List.of(CALL_CENTER, APP), Fixtures.AS_OF, 5, false, 2, 3);
        JsonLinesFile population = new JsonLinesFile(Fixtures.knownPopulation());
        SimulationReport whole = new Simulator(rules, null, settings).run(population, RunObserver.SILENT).report();

        // Three parts, customers dealt round-robin: each part's samples hold customers from all over the population.
        Decider decider = new Decider(rules, null, settings);
        List<Tally> parts = List.of(decider.newTally(), decider.newTally(), decider.newTally());
        List<PopulationLine> lines = new ArrayList<>();
        population.read(lines::add);
        for (PopulationLine line : lines) {
            decider.decide(line, parts.get((int) (line.ordinal() % 3)));
        }
        Tally merged = travel(parts.get(2)).merge(travel(parts.get(0))).merge(travel(parts.get(1)));
        SimulationReport report = merged.report(population.name(), settings.asOf(), settings.channels(),
                Simulator.rulesUsed(rules), null, whole.elapsedSeconds());

        assertThat(whole.customers()).isGreaterThan(3);
        assertThat(whole.candidate().byType()).isNotEmpty();
        assertThat(report).isEqualTo(whole);
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
