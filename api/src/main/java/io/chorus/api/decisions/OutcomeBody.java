package io.chorus.api.decisions;

import io.chorus.engine.context.ContactOutcome;

import java.time.Instant;

/** POST /v1/decisions/{decisionId}/outcomes: {@code at} defaults to now. */
public record OutcomeBody(String actionId, ContactOutcome outcome, Instant at) {
}
