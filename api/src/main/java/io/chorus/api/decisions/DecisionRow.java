package io.chorus.api.decisions;

import java.time.Instant;

/** One row of {@code decision}: what was decided, kept for outcomes and for audit. */
public record DecisionRow(String decisionId, String customerId, boolean storedCustomer, String channel,
                          Instant asOf, String ruleSetVersion, String actionsJson, String suppressedJson) {
}
