package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A multiplier a rule or table applies to one part of a candidate's priority, for example the weight a
 * channel gives guidance, or a business lever that pushes retention this quarter.
 */
public record PriorityFactor(ActionType type, String key, Factor factor, double multiplier, String rule,
                             String text) {

    public static PriorityFactor of(RuleContext kcontext, Proposal proposal, Factor factor, double multiplier,
                                    String text) {
        return new PriorityFactor(proposal.type(), proposal.key(), factor, multiplier, kcontext.getRule().getName(),
                text);
    }

    public static PriorityFactor contextWeight(RuleContext kcontext, Proposal proposal, double weight, String text) {
        return of(kcontext, proposal, Factor.CONTEXT_WEIGHT, weight, text);
    }

    public static PriorityFactor lever(RuleContext kcontext, Proposal proposal, double lever, String text) {
        return of(kcontext, proposal, Factor.LEVER, lever, text);
    }

    CandidateKey candidateKey() {
        return new CandidateKey(type, key);
    }
}
