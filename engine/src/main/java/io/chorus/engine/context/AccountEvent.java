package io.chorus.engine.context;

import java.math.BigDecimal;
import java.time.Instant;

/** Something that changed an account; {@code monthlyDelta} is the change in monthly commitment. */
public record AccountEvent(AccountEventType type, Instant at, String accountId, String subscriptionId,
                           BigDecimal monthlyDelta, Channel channel) {
    public AccountEvent {
        monthlyDelta = Money.normalise(monthlyDelta);
    }

    /** The delta as a number rules can add up; an event without one changed nothing. */
    public BigDecimal delta() {
        return monthlyDelta == null ? BigDecimal.ZERO.setScale(2) : monthlyDelta;
    }
}
