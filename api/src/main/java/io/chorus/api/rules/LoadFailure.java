package io.chorus.api.rules;

import io.chorus.engine.rules.RuleProblem;

import java.time.Instant;
import java.util.List;

/** A rule-set change that did not compile, kept for GET /v1/rules; the set before it went on serving. */
public record LoadFailure(Instant at, String version, List<RuleProblem> errors) {
}
