package io.chorus.api.customers;

import java.time.Instant;

/** One row of {@code customer_context}: the context document as stored text. */
public record CustomerRow(String customerId, String contextJson, Instant updatedAt) {
}
