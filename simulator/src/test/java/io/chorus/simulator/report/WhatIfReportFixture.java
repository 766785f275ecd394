package io.chorus.simulator.report;

import io.chorus.engine.context.Channel;
import io.chorus.simulator.Fixtures;
import io.chorus.simulator.run.RunObserver;
import io.chorus.simulator.run.SimulationSettings;
import io.chorus.simulator.run.Simulator;
import io.chorus.simulator.source.JsonLinesFile;

import java.nio.file.Path;
import java.util.List;

/**
 * The HTML report of a what-if run the report tests look at: the known population, two channels, against a
 * baseline whose billing rule also credits usage, so the "what changes" part has rows.
 */
final class WhatIfReportFixture {
    private WhatIfReportFixture() {
    }

    static Path writeHtml(Path dir) throws Exception {
        Path baseline = Fixtures.copyOfDefaultRules(dir.resolve("baseline"));
        Fixtures.edit(baseline.resolve("plays/billing.drl"), "status != ChargeStatus.CREDITED, endedBefore",
                "status != ChargeStatus.CREDITED, kind != ChargeKind.USAGE, endedBefore");
        SimulationSettings settings = new SimulationSettings(List.of(Channel.CALL_CENTER, Channel.SMS), Fixtures.AS_OF,
                5, false, 2, 20);
        SimulationReport report = new Simulator(Fixtures.defaultRuleSet(), Fixtures.rules(baseline), settings)
                .run(new JsonLinesFile(Fixtures.knownPopulation()), RunObserver.SILENT).report();
        Path html = dir.resolve("report.html");
        HtmlReport.write(report, html);
        return html;
    }
}
