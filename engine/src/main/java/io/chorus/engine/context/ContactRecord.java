package io.chorus.engine.context;

import java.time.Instant;

/**
 * An action that reached the customer, and what they did with it ({@code contactHistory[]}). {@code key} and
 * {@code title} say which action it was in words rules and people read: rules that settle money match on the
 * key ("a credit for removed-line-charges was ACCEPTED"), the story tells the title.
 */
public record ContactRecord(String decisionId, String actionId, ActionType actionType, Channel channel, Instant at,
                            ContactOutcome outcome, String key, String title) {

    public ContactRecord(String decisionId, String actionId, ActionType actionType, Channel channel, Instant at,
                         ContactOutcome outcome) {
        this(decisionId, actionId, actionType, channel, at, outcome, null, null);
    }
}
