package io.chorus.api.decisions;

import java.time.Instant;

/** One row of {@code decision_outcome}. */
public record OutcomeRow(String decisionId, String actionId, String outcome, String actionType, String channel,
                         Instant at, String actionKey) {
}
