package io.chorus.api.decisions;

import io.chorus.api.constraints.VolumeLimits;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.CustomerContext;

import java.time.Instant;
import java.util.List;

/**
 * One decision to record: what was decided (the whole answer, as the UTF-8 bytes the channel was sent), on which
 * rule set and side of a split, and the customer context the engine saw (as stored, before {@code asOf} was
 * applied), so it can be read back and replayed. For a stored customer that context is named by its
 * {@code contextVersion} (the store keeps every version), so the document is not written again, while an inline
 * context is kept whole; {@code seen} is the stored context as parsed for the decision, where there is one.
 * {@code contactsSent} are the contacts a decision on an outbound channel made by showing its actions, recorded in
 * the same transaction. {@code featuresJson} holds the customer's predictors at the decision (what an outcome of it
 * teaches the models), when the rule set learns.
 * <p>
 * {@code takenOnRecord}, for a decision near a volume limit, is the units it takes of the one constraint it counts:
 * taken by the statement that writes its row, only where they still fit (see {@link DecisionStore#insertAll}).
 */
public record DecisionRow(String decisionId, String customerId, boolean storedCustomer, String channel,
                          Instant asOf, String ruleSetVersion, String variant, int maxActions, String contextJson,
                          byte[] answerJson, List<ContactRecord> contactsSent, String outsideJson,
                          String featuresJson, Long contextVersion, VolumeLimits.Unit takenOnRecord,
                          CustomerContext seen) {

    public DecisionRow {
        contactsSent = contactsSent == null ? List.of() : List.copyOf(contactsSent);
    }

    /**
     * A decision on a stored customer: {@code seen} is the context it read, parsed already, onto which a send's
     * contacts are added without parsing {@code contextJson} again.
     */
    public DecisionRow(String decisionId, String customerId, String channel, Instant asOf, String ruleSetVersion,
                       String variant, int maxActions, CustomerContext seen, String contextJson, long contextVersion,
                       byte[] answerJson, List<ContactRecord> contactsSent, String outsideJson, String featuresJson,
                       VolumeLimits.Unit takenOnRecord) {
        this(decisionId, customerId, true, channel, asOf, ruleSetVersion, variant, maxActions, contextJson,
                answerJson, contactsSent, outsideJson, featuresJson, contextVersion, takenOnRecord, seen);
    }

    /** A send to a stored customer: its contacts go onto that customer's context as the decision is recorded. */
    public boolean sends() {
        return storedCustomer && !contactsSent.isEmpty();
    }

    /** A decision that takes no units as it is recorded. */
    public DecisionRow(String decisionId, String customerId, boolean storedCustomer, String channel, Instant asOf,
                       String ruleSetVersion, String variant, int maxActions, String contextJson, byte[] answerJson,
                       List<ContactRecord> contactsSent, String outsideJson, String featuresJson,
                       Long contextVersion) {
        this(decisionId, customerId, storedCustomer, channel, asOf, ruleSetVersion, variant, maxActions, contextJson,
                answerJson, contactsSent, outsideJson, featuresJson, contextVersion, null, null);
    }

    /** A decision whose context is kept whole. */
    public DecisionRow(String decisionId, String customerId, boolean storedCustomer, String channel, Instant asOf,
                       String ruleSetVersion, String variant, int maxActions, String contextJson, byte[] answerJson,
                       List<ContactRecord> contactsSent, String outsideJson, String featuresJson) {
        this(decisionId, customerId, storedCustomer, channel, asOf, ruleSetVersion, variant, maxActions, contextJson,
                answerJson, contactsSent, outsideJson, featuresJson, null);
    }

    /** A decision whose rule set learns nothing: no features to keep. */
    public DecisionRow(String decisionId, String customerId, boolean storedCustomer, String channel, Instant asOf,
                       String ruleSetVersion, String variant, int maxActions, String contextJson, byte[] answerJson,
                       List<ContactRecord> contactsSent, String outsideJson) {
        this(decisionId, customerId, storedCustomer, channel, asOf, ruleSetVersion, variant, maxActions, contextJson,
                answerJson, contactsSent, outsideJson, null, null);
    }
}
