package io.chorus.engine.context;

import java.time.Instant;

/** A case the operator opened for the customer ({@code cases[]} in the context document). */
public record CustomerCase(String caseId, CaseTopic topic, CaseStatus status, Instant openedAt,
                           String subscriptionId, String summary) {
}
