package io.chorus.engine.decision;

import io.chorus.engine.context.Channel;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a decision request, its own explanation. {@code outbound} says the channel is one we send on, so
 * showing an action there is a contact.
 */
public record Decision(String decisionId, String customerId, Channel channel, Instant asOf, String ruleSetVersion,
                       Variant variant, boolean outbound, List<Action> actions, List<Suppressed> suppressed,
                       List<String> storySoFar, List<NotShown> notShown, List<String> rulesFired) {

    public Decision withVariant(Variant decidedBy) {
        return new Decision(decisionId, customerId, channel, asOf, ruleSetVersion, decidedBy, outbound, actions,
                suppressed, storySoFar, notShown, rulesFired);
    }
}
