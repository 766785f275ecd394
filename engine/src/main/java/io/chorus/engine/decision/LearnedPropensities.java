package io.chorus.engine.decision;

import io.chorus.engine.context.Channel;
import io.chorus.engine.learning.Features;

import java.util.Optional;

/**
 * Propensities learned outside one customer's context (from every customer's outcomes), as a decision's outside
 * fact: live models in the service, a frozen copy in the simulator and outbound runs, the figures a recorded
 * decision used in a replay. Empty for a key no active model covers: the rule's propensity stands.
 */
@FunctionalInterface
public interface LearnedPropensities {
    LearnedPropensities NONE = (key, channel, features) -> Optional.empty();

    Optional<Learned> of(String key, Channel channel, Features features);
}
