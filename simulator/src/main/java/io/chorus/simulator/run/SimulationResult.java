package io.chorus.simulator.run;

import io.chorus.simulator.report.SimulationReport;
import io.chorus.simulator.report.SimulationReport.BadLine;

import java.util.Optional;

/** The report, and in a strict run the bad record that stopped it (the report then covers only what ran). */
public record SimulationResult(SimulationReport report, Optional<BadLine> stoppedAt) {
}
