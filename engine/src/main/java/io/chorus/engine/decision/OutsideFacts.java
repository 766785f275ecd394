package io.chorus.engine.decision;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What a decision needs to know from outside one customer's context, supplied by whoever decides (the service
 * from its store, the simulator and outbound runs from their own tallies): how much of each volume constraint is
 * left in the current period. A constraint not named here is not limited for this decision. The engine never
 * looks these up itself.
 */
public record OutsideFacts(Map<String, BigDecimal> remaining) {
    public static final OutsideFacts NONE = new OutsideFacts(Map.of());

    public OutsideFacts {
        remaining = Map.copyOf(remaining);
    }
}
