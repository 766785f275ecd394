package io.chorus.api.decisions;

import io.chorus.engine.context.ContactRecord;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code decision}: what was decided, kept for outcomes and for audit. {@code contactsSent} are the
 * contacts a decision on an outbound channel made by showing its actions, recorded in the same transaction.
 */
public record DecisionRow(String decisionId, String customerId, boolean storedCustomer, String channel,
                          Instant asOf, String ruleSetVersion, String actionsJson, String suppressedJson,
                          List<ContactRecord> contactsSent) {

    public DecisionRow {
        contactsSent = contactsSent == null ? List.of() : List.copyOf(contactsSent);
    }

    public DecisionRow(String decisionId, String customerId, boolean storedCustomer, String channel, Instant asOf,
                       String ruleSetVersion, String actionsJson, String suppressedJson) {
        this(decisionId, customerId, storedCustomer, channel, asOf, ruleSetVersion, actionsJson, suppressedJson,
                List.of());
    }
}
