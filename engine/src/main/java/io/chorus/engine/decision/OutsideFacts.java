package io.chorus.engine.decision;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * What a decision needs to know from outside one customer's context, supplied by whoever decides (the service
 * from its store, the simulator and outbound runs from their own tallies and a frozen copy of the models): how
 * much of each volume constraint is left in the current period and the time zone its days and weeks are counted
 * in (default UTC), and the propensities learned from every customer's outcomes. A constraint not named here is
 * not limited for this decision; a key no model covers keeps its rule's propensity. The engine never looks these
 * up itself.
 */
public record OutsideFacts(Map<String, BigDecimal> remaining, @JsonIgnore LearnedPropensities propensities,
                           @JsonIgnore ZoneId periodZone) {
    public static final OutsideFacts NONE = new OutsideFacts(Map.of(), LearnedPropensities.NONE);

    public OutsideFacts {
        remaining = Map.copyOf(remaining);
        propensities = Objects.requireNonNullElse(propensities, LearnedPropensities.NONE);
        periodZone = Objects.requireNonNullElse(periodZone, ZoneOffset.UTC);
    }

    /** Periods in UTC. */
    public OutsideFacts(Map<String, BigDecimal> remaining, LearnedPropensities propensities) {
        this(remaining, propensities, ZoneOffset.UTC);
    }

    /** Remaining capacity only, periods in UTC: no learned propensities. */
    public OutsideFacts(Map<String, BigDecimal> remaining) {
        this(remaining, LearnedPropensities.NONE);
    }

    public OutsideFacts withPropensities(LearnedPropensities learned) {
        return new OutsideFacts(remaining, learned, periodZone);
    }

    /**
     * These facts with {@code more}'s remaining capacity added (its figure wins for a constraint both name) and
     * its time zone: what is left as two sources know it, for one decision.
     */
    public OutsideFacts withRemaining(OutsideFacts more) {
        Map<String, BigDecimal> both = new java.util.HashMap<>(remaining);
        both.putAll(more.remaining());
        return new OutsideFacts(both, propensities, more.periodZone());
    }

    /** The same facts, with the constraints' days and weeks counted in this time zone. */
    public OutsideFacts inZone(ZoneId zone) {
        return new OutsideFacts(remaining, propensities, zone);
    }
}
