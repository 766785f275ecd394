package io.chorus.engine.decision;

import io.chorus.engine.context.Channel;

import java.time.Instant;
import java.util.List;

/** The answer to a decision request (docs/api.md, "Decisions"), its own explanation. */
public record Decision(String decisionId, String customerId, Channel channel, Instant asOf, String ruleSetVersion,
                       List<Action> actions, List<Suppressed> suppressed, List<String> storySoFar,
                       List<NotShown> notShown, List<String> rulesFired) {
}
