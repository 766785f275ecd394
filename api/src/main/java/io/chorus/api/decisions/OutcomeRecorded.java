package io.chorus.api.decisions;

import io.chorus.engine.context.ContactRecord;

/** The reply to an outcome: the contact record as it now stands in the customer's contactHistory. */
public record OutcomeRecorded(String customerId, ContactRecord contact, boolean inContactHistory,
                              boolean duplicate) {
}
