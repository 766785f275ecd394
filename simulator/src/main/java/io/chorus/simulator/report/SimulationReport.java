package io.chorus.simulator.report;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.Segment;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a what-if run found: the JSON written by {@code --json}, and what the terminal table and the HTML report
 * show. Money is in the deployment currency with two decimals. {@code baselineRules}, {@code baseline} and
 * {@code changes} are absent (null) when no baseline rule set was given; {@code constraints} when the candidate has no
 * volume constraints on the run's channels. Action keys are generalised: a key naming one of the customer's own lines,
 * cases, accounts or charges shows {@code {line}}, {@code {case}}, … instead, so the same play adds up across
 * customers ({@code correct-billing:{line}}).
 */
public record SimulationReport(String population, Instant asOf, List<Channel> channels, RulesUsed candidateRules,
                               RulesUsed baselineRules, long customers, long decisions, long badLines,
                               List<BadLine> badLineSamples, double elapsedSeconds, Outcomes candidate,
                               Outcomes baseline, Changes changes, ConstraintReach constraints,
                               ValueFinder valueFinder) {

    /** The report without the constraints' effect (a rule set without volume constraints on these channels). */
    public SimulationReport(String population, Instant asOf, List<Channel> channels, RulesUsed candidateRules,
                            RulesUsed baselineRules, long customers, long decisions, long badLines,
                            List<BadLine> badLineSamples, double elapsedSeconds, Outcomes candidate,
                            Outcomes baseline, Changes changes, ValueFinder valueFinder) {
        this(population, asOf, channels, candidateRules, baselineRules, customers, decisions, badLines, badLineSamples,
                elapsedSeconds, candidate, baseline, changes, null, valueFinder);
    }

    /**
     * Where the candidate rules leave value on the table. On each channel and in each segment: the customers decided,
     * those shown nothing (fallbacks aside: a fallback stands in for nothing), and those shown something but only
     * actions whose propensity is under {@code threshold}; with a baseline, its two counts beside the candidate's.
     * {@code blockedBy}: for those customers together, the rules that suppressed their candidates, most frequent
     * first, at most {@link #TOP_BLOCKS} a channel; what an analyst would lift or loosen to reach them.
     */
    public record ValueFinder(double threshold, List<ValueGapRow> gaps, List<ValueBlockRow> blockedBy) {
        public static final int TOP_BLOCKS = 10;
    }

    /** One channel and segment; the baseline's counts are absent (null) without a baseline. */
    public record ValueGapRow(Channel channel, Segment segment, long customers, long noAction, long lowPropensity,
                              Long baselineNoAction, Long baselineLowPropensity) {
    }

    /** A rule's suppressions among the customers left without a worthwhile action, and how many customers had one. */
    public record ValueBlockRow(Channel channel, String blockedBy, ActionType type, long suppressions,
                                long customers) {
    }

    /**
     * How the candidate's volume constraints change its reach over the population, taken as one period: customers
     * shown at least one action (fallbacks aside) without the limits and once the counted actions are allocated
     * under them; per constraint the limit, the demand (what the decisions would use without it), what the
     * allocation uses and the customers it holds back.
     */
    public record ConstraintReach(long customersReachedWithout, long customersReachedWith,
                                  List<ConstraintReachRow> constraints) {
    }

    public record ConstraintReachRow(String name, String period, BigDecimal limit, BigDecimal demand, BigDecimal used,
                                     long customersHeldBack) {
    }

    public record RulesUsed(String directory, String version) {
    }

    /** A population record that could not be used, as {@code location: message}. */
    public record BadLine(String location, String message) implements Serializable {
        @Override
        public String toString() {
            return location + ": " + message;
        }
    }

    /** What one rule set decided over the whole population. */
    public record Outcomes(List<TypeRow> byType, List<ActionRow> byAction, List<SuppressionRow> suppressions,
                           List<NoActionRow> noAction, List<NoActionSample> noActionSamples) {
    }

    /** Customers shown at least one action of this type on this channel, and the credit they were offered. */
    public record TypeRow(Channel channel, ActionType type, long customers, BigDecimal credits) {
    }

    public record ActionRow(Channel channel, ActionType type, String key, long customers, BigDecimal credits) {
    }

    /** Candidates blocked by one rule: how many blocks, and how many customers had one. */
    public record SuppressionRow(Channel channel, String blockedBy, ActionType type, long suppressions,
                                 long customers) {
    }

    /** Customers left with nothing to be shown on a channel. */
    public record NoActionRow(Channel channel, Segment segment, long customers) {
    }

    /** The first few such customers, in population order. */
    public record NoActionSample(Channel channel, List<String> customerIds) {
    }

    /** How the candidate differs from the baseline, customer by customer (actions compared by action id). */
    public record Changes(long customersChanged, List<ActionChangeRow> actions, List<CreditChangeRow> credits,
                          List<SuppressionChangeRow> newSuppressions, List<SuppressionChangeRow> liftedSuppressions,
                          List<ChangedCustomer> samples) {
    }

    public record ActionChangeRow(Channel channel, ActionType type, String key, long gained, long lost) {
    }

    /** Credit shown with the candidate minus credit shown with the baseline, summed by sign over customers. */
    public record CreditChangeRow(Channel channel, BigDecimal added, BigDecimal removed, BigDecimal net) {
    }

    public record SuppressionChangeRow(Channel channel, String blockedBy, ActionType type, long customers) {
    }

    public record ChangedCustomer(String customerId, Channel channel, List<ActionBrief> before, List<ActionBrief> after,
                                  List<SuppressedBrief> suppressedBefore, List<SuppressedBrief> suppressedAfter)
            implements Serializable {
    }

    public record ActionBrief(ActionType type, String key, String title, BigDecimal amount) implements Serializable {
    }

    public record SuppressedBrief(ActionType type, String key, String blockedBy) implements Serializable {
    }
}
