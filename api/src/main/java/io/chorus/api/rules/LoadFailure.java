package io.chorus.api.rules;

import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.scenario.ScenarioFailure;

import java.time.Instant;
import java.util.List;

/**
 * A rule-set change refused by the gate (it did not compile, or a scenario failed), kept for GET /v1/rules;
 * the set before it went on serving.
 */
public record LoadFailure(Instant at, String version, List<RuleProblem> errors, List<ScenarioFailure> failedScenarios) {
}
