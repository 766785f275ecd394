package io.chorus.api.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.customers.CustomerRef;
import io.chorus.engine.context.Channel;

import java.time.Instant;

/**
 * POST /v1/decisions: a stored {@code customer} or an inline {@code context}, never both. With {@code preview}
 * the decision is made and answered but nothing is recorded.
 */
public record DecisionRequestBody(CustomerRef customer, JsonNode context, Channel channel, Instant asOf,
                                  Integer maxActions, Boolean preview) {

    boolean isPreview() {
        return Boolean.TRUE.equals(preview);
    }
}
