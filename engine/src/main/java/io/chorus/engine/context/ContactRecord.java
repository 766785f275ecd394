package io.chorus.engine.context;

import java.time.Instant;

/** An action that reached the customer, and what they did with it ({@code contactHistory[]}). */
public record ContactRecord(String decisionId, String actionId, ActionType actionType, Channel channel, Instant at,
                            ContactOutcome outcome) {
}
