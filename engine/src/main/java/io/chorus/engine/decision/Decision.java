package io.chorus.engine.decision;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.chorus.engine.context.Channel;
import io.chorus.engine.learning.Features;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a decision request (docs/api.md, "Decisions"), its own explanation. {@code outbound} says the
 * channel is one we send on, so showing an action there is a contact. {@code features} are the customer's
 * predictors the models scored, when they did ({@link Features#NONE} otherwise): not part of the answer, but what
 * whoever records the decision keeps for its outcomes to teach, without reading the context a second time.
 */
public record Decision(String decisionId, String customerId, Channel channel, Instant asOf, String ruleSetVersion,
                       Variant variant, boolean outbound, List<Action> actions, List<Suppressed> suppressed,
                       List<String> storySoFar, List<NotShown> notShown, List<String> rulesFired,
                       @JsonIgnore Features features) {

    public Decision withVariant(Variant decidedBy) {
        return new Decision(decisionId, customerId, channel, asOf, ruleSetVersion, decidedBy, outbound, actions,
                suppressed, storySoFar, notShown, rulesFired, features);
    }
}
