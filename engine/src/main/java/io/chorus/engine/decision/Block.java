package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A rule's veto of a candidate, with a sentence a person understands:
 * {@code insert(Block.of(kcontext, $offer, "The account grew in the last 90 days"))}.
 */
public record Block(ActionType type, String key, String rule, String reason) {

    public static Block of(RuleContext kcontext, Proposal proposal, String reason) {
        return new Block(proposal.type(), proposal.key(), kcontext.getRule().getName(), reason);
    }

    CandidateKey candidateKey() {
        return new CandidateKey(type, key);
    }
}
