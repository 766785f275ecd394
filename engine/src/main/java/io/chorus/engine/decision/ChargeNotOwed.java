package io.chorus.engine.decision;

import io.chorus.engine.context.Charge;
import io.chorus.engine.context.Subscription;

/**
 * A fact the billing rules insert: a charge the customer does not owe and is still owed back, and the line it was
 * billed on. The story so far asks for these rather than working out again which charges are owed.
 */
public record ChargeNotOwed(Charge charge, Subscription line) {
}
