package io.chorus.api.customers;

import java.time.Instant;

/**
 * One row of {@code customer_context}: the context document as stored text, and its version (one more with every
 * change; the versions it replaced are kept, so a decision can name the version it saw).
 */
public record CustomerRow(String customerId, String contextJson, Instant updatedAt, long version) {
}
