package io.chorus.api.decisions;

import java.time.Instant;

/** A decision as the audit holds it: the answer, the context the engine saw, and when it was recorded. */
public record RecordedDecision(String decisionId, String customerId, boolean storedCustomer, String channel,
                               Instant asOf, String ruleSetVersion, String variant, Integer maxActions,
                               String contextJson, String answerJson, Instant recordedAt, String outsideJson) {
}
