package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Money;
import org.kie.api.runtime.rule.RuleContext;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A candidate action a rule puts forward. Rules build one fluently and insert it:
 * {@code insert(Proposal.of(kcontext, ActionType.CREDIT, "removed-line-charges").title("…").amount($total))}.
 * The {@code key} names the candidate within the customer; with the customer id it makes the action id,
 * so the same candidate has the same id on every channel and every call. A {@code fallback} proposal is shown
 * only when nothing else qualifies on the channel.
 */
public record Proposal(ActionType type, String key, String rule, String title, String message, BigDecimal amount,
                       double propensity, double value, boolean mandatory, boolean fallback, List<String> tags,
                       List<Reason> reasons) {
    /** The tag of actions that sell more; contact policy holds them back in some situations. */
    public static final String SALES = "SALES";

    public Proposal {
        tags = List.copyOf(tags);
        reasons = List.copyOf(reasons);
        amount = Money.normalise(amount);
    }

    /**
     * Hashes what names the proposal only (consistent with the record's equals, which compares everything): rules
     * join on proposals, so Drools hashes them on every join, and hashing every reason each time was 2–3% of a
     * decision.
     */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(type, key, rule);
    }

    public static Proposal of(RuleContext kcontext, ActionType type, String key) {
        return of(kcontext.getRule().getName(), type, key);
    }

    public static Proposal of(String rule, ActionType type, String key) {
        return new Proposal(type, key, rule, "", "", null, 0.5, 1.0, false, false, List.of(), List.of());
    }

    public Proposal title(String title) {
        return new Proposal(type, key, rule, title, message, amount, propensity, value, mandatory, fallback, tags,
                reasons);
    }

    public Proposal message(String message) {
        return new Proposal(type, key, rule, title, message, amount, propensity, value, mandatory, fallback, tags,
                reasons);
    }

    public Proposal amount(BigDecimal amount) {
        return new Proposal(type, key, rule, title, message, amount, propensity, value, mandatory, fallback, tags,
                reasons);
    }

    /** How likely the customer is to take it up, 0..1. */
    public Proposal propensity(double propensity) {
        return new Proposal(type, key, rule, title, message, amount, propensity, value, mandatory, fallback, tags,
                reasons);
    }

    /** What it is worth to customer and operator, relative to other actions (1.0 is ordinary). */
    public Proposal value(double value) {
        return new Proposal(type, key, rule, title, message, amount, propensity, value, mandatory, fallback, tags,
                reasons);
    }

    /** Always shown where the channel can show it and no rule blocks it; never ranked away. */
    public Proposal asMandatory() {
        return new Proposal(type, key, rule, title, message, amount, propensity, value, true, fallback, tags,
                reasons);
    }

    /** Shown only when nothing else qualifies on the channel (nothing proposed, or everything blocked). */
    public Proposal asFallback() {
        return new Proposal(type, key, rule, title, message, amount, propensity, value, mandatory, true, tags,
                reasons);
    }

    /** Sells more to the customer (tagged {@value #SALES}). */
    public Proposal sales() {
        return tag(SALES);
    }

    /** A marker other rules can match on, such as {@code "REINSTALL_APP"} or a promotion id. */
    public Proposal tag(String tag) {
        List<String> more = new ArrayList<>(tags);
        more.add(tag);
        return new Proposal(type, key, rule, title, message, amount, propensity, value, mandatory, fallback, more,
                reasons);
    }

    /** A sentence of why, credited to the proposing rule. */
    public Proposal reason(String text) {
        List<Reason> more = new ArrayList<>(reasons);
        more.add(new Reason(rule, text));
        return new Proposal(type, key, rule, title, message, amount, propensity, value, mandatory, fallback, tags,
                more);
    }

    /** The same candidate proposed twice (by two rules) is one action with both rules' reasons. */
    Proposal mergedWith(Proposal other) {
        List<Reason> more = new ArrayList<>(reasons);
        more.addAll(other.reasons);
        return new Proposal(type, key, rule, title, message, amount, Math.max(propensity, other.propensity),
                Math.max(value, other.value), mandatory || other.mandatory, fallback && other.fallback, tags, more);
    }

    CandidateKey candidateKey() {
        return new CandidateKey(type, key);
    }
}
