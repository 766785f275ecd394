package io.chorus.engine.decision;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;

import java.time.Instant;
import java.util.Objects;

/**
 * Decide for this customer, on this channel, as of this moment, showing at most {@code maxActions}, knowing the
 * {@code outside} facts (what is left of each volume constraint).
 */
public record DecisionRequest(CustomerContext context, Channel channel, Instant asOf, int maxActions,
                              OutsideFacts outside) {
    public static final int DEFAULT_MAX_ACTIONS = 5;

    public DecisionRequest {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(asOf, "asOf");
        if (maxActions < 0) {
            throw new IllegalArgumentException("maxActions must not be negative");
        }
        outside = outside == null ? OutsideFacts.NONE : outside;
    }

    public DecisionRequest(CustomerContext context, Channel channel, Instant asOf, int maxActions) {
        this(context, channel, asOf, maxActions, OutsideFacts.NONE);
    }

    public DecisionRequest(CustomerContext context, Channel channel, Instant asOf) {
        this(context, channel, asOf, DEFAULT_MAX_ACTIONS);
    }
}
