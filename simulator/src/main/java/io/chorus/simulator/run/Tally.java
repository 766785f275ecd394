package io.chorus.simulator.run;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Segment;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.Suppressed;
import io.chorus.simulator.report.SimulationReport.ActionBrief;
import io.chorus.simulator.report.SimulationReport.ActionChangeRow;
import io.chorus.simulator.report.SimulationReport.ActionRow;
import io.chorus.simulator.report.SimulationReport.BadLine;
import io.chorus.simulator.report.SimulationReport.ChangedCustomer;
import io.chorus.simulator.report.SimulationReport.Changes;
import io.chorus.simulator.report.SimulationReport.CreditChangeRow;
import io.chorus.simulator.report.SimulationReport.NoActionRow;
import io.chorus.simulator.report.SimulationReport.NoActionSample;
import io.chorus.simulator.report.SimulationReport.Outcomes;
import io.chorus.simulator.report.SimulationReport.SuppressedBrief;
import io.chorus.simulator.report.SimulationReport.SuppressionChangeRow;
import io.chorus.simulator.report.SimulationReport.SuppressionRow;
import io.chorus.simulator.report.SimulationReport.TypeRow;

import io.chorus.simulator.report.SimulationReport;
import io.chorus.simulator.report.SimulationReport.RulesUsed;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counts for one worker thread, or one Spark partition. Workers never share a tally (no locks on the hot path); the
 * run merges them at the end, in any grouping (the merge is associative), and a tally travels between processes
 * by Java serialization. Everything kept grows with the number of distinct channels, action keys and rules, never with the
 * number of customers: samples are capped and keep the customers that come first in the population, so the
 * report is the same whatever thread saw whom.
 */
public final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;

    long customers;
    long decisions;
    long badLines;
    final Samples<BadLine> badLineSamples;
    final OutcomeTally candidate;
    final OutcomeTally baseline;
    final ChangeTally changes;
    final ConstraintTally constraints;
    final ValueFinderTally valueFinder;

    Tally(boolean withBaseline, int sampleSize) {
        this(withBaseline, sampleSize, null, SimulationSettings.DEFAULT_VALUE_THRESHOLD);
    }

    /**
     * {@code constraints}, where given, sees the candidate's decisions of every customer; the value finder counts
     * actions under {@code valueThreshold} as not worth showing.
     */
    Tally(boolean withBaseline, int sampleSize, ConstraintTally constraints, double valueThreshold) {
        this.constraints = constraints;
        this.valueFinder = new ValueFinderTally(valueThreshold, withBaseline);
        this.badLineSamples = new Samples<>(100);
        this.candidate = new OutcomeTally(sampleSize);
        this.baseline = withBaseline ? new OutcomeTally(sampleSize) : null;
        this.changes = withBaseline ? new ChangeTally(sampleSize) : null;
    }

    void badLine(long ordinal, BadLine line) {
        badLines++;
        badLineSamples.offer(ordinal, () -> line);
    }

    /** One customer, decided on every channel of the run; {@code before} holds nulls without a baseline. */
    void customer(long ordinal, CustomerContext context, List<Decision> after, List<Decision> before) {
        customers++;
        KeyNames keys = new KeyNames(context);
        List<ChangedCustomer> changed = new ArrayList<>(0);
        for (int i = 0; i < after.size(); i++) {
            Decision candidateDecision = after.get(i);
            decisions++;
            candidate.record(ordinal, context, candidateDecision, keys);
            valueFinder.candidate(context, candidateDecision);
            Decision baselineDecision = before.get(i);
            if (baselineDecision != null) {
                decisions++;
                baseline.record(ordinal, context, baselineDecision, keys);
                valueFinder.baseline(context, baselineDecision);
                ChangedCustomer change = changes.compare(context, baselineDecision, candidateDecision, keys);
                if (change != null) {
                    changed.add(change);
                }
            }
        }
        if (constraints != null) {
            constraints.customer(ordinal, after);
        }
        if (!changed.isEmpty()) {
            changes.customersChanged++;
            changes.samples.offer(ordinal, () -> changed);
        }
    }

    /** Adds {@code other}'s counts and samples to this tally; answers this one, for reductions. */
    public Tally merge(Tally other) {
        customers += other.customers;
        decisions += other.decisions;
        badLines += other.badLines;
        badLineSamples.merge(other.badLineSamples);
        candidate.merge(other.candidate);
        if (constraints != null) {
            constraints.merge(other.constraints);
        }
        valueFinder.merge(other.valueFinder);
        if (baseline != null) {
            baseline.merge(other.baseline);
            changes.merge(other.changes);
        }
        return this;
    }

    public long customers() {
        return customers;
    }

    /** The report of a run whose every customer this tally counted. */
    public SimulationReport report(String population, Instant asOf, List<Channel> channels, RulesUsed candidateRules,
                                   RulesUsed baselineRules, double elapsedSeconds) {
        return new SimulationReport(population, asOf, channels, candidateRules, baselineRules, customers, decisions,
                badLines, badLineSamples(), elapsedSeconds, candidateOutcomes(), baselineOutcomes(), changes(),
                constraints == null ? null : constraints.report(), valueFinder.report());
    }

    List<BadLine> badLineSamples() {
        return badLineSamples.values();
    }

    Outcomes candidateOutcomes() {
        return candidate.outcomes();
    }

    Outcomes baselineOutcomes() {
        return baseline == null ? null : baseline.outcomes();
    }

    Changes changes() {
        return changes == null ? null : changes.report();
    }

    /** Mutable counts behind one report row. */
    static final class Count implements Serializable {
        long customers;
        long events;
        long pennies;

        void add(Count other) {
            customers += other.customers;
            events += other.events;
            pennies += other.pennies;
        }
    }

    record TypeKey(Channel channel, ActionType type) implements Serializable {
    }

    record ActionKey(Channel channel, ActionType type, String key) implements Serializable {
    }

    record BlockKey(Channel channel, String blockedBy, ActionType type) implements Serializable {
    }

    record SegmentKey(Channel channel, Segment segment) implements Serializable {
    }

    /** What one rule set decided, counted by channel. */
    static final class OutcomeTally implements Serializable {
        final Map<TypeKey, Count> byType = new HashMap<>();
        final Map<ActionKey, Count> byAction = new HashMap<>();
        final Map<BlockKey, Count> suppressions = new HashMap<>();
        final Map<SegmentKey, Count> noAction = new HashMap<>();
        final Map<Channel, Samples<String>> noActionSamples = new HashMap<>();
        private final int sampleSize;

        OutcomeTally(int sampleSize) {
            this.sampleSize = sampleSize;
        }

        void record(long ordinal, CustomerContext context, Decision decision, KeyNames keys) {
            Channel channel = decision.channel();
            // A fallback stands in for nothing: a customer shown only fallbacks is one nothing qualified for.
            if (decision.actions().stream().allMatch(Action::fallback)) {
                noAction.computeIfAbsent(new SegmentKey(channel, context.segment()), k -> new Count()).customers++;
                noActionSamples.computeIfAbsent(channel, c -> new Samples<>(sampleSize))
                        .offer(ordinal, context::customerId);
            }
            Set<ActionType> typesSeen = EnumSet.noneOf(ActionType.class);
            Set<String> keysSeen = new HashSet<>();
            for (Action action : decision.actions()) {
                long pennies = Pennies.of(action.amount());
                Count type = byType.computeIfAbsent(new TypeKey(channel, action.type()), k -> new Count());
                type.events++;
                type.pennies += pennies;
                if (typesSeen.add(action.type())) {
                    type.customers++;
                }
                String key = keys.general(action.key());
                Count each = byAction.computeIfAbsent(new ActionKey(channel, action.type(), key), k -> new Count());
                each.events++;
                each.pennies += pennies;
                if (keysSeen.add(action.type() + key)) {
                    each.customers++;
                }
            }
            Set<BlockKey> blocksSeen = new HashSet<>();
            for (Suppressed suppressed : decision.suppressed()) {
                BlockKey block = new BlockKey(channel, suppressed.blockedBy(), suppressed.type());
                Count count = suppressions.computeIfAbsent(block, k -> new Count());
                count.events++;
                if (blocksSeen.add(block)) {
                    count.customers++;
                }
            }
        }

        void merge(OutcomeTally other) {
            mergeCounts(byType, other.byType);
            mergeCounts(byAction, other.byAction);
            mergeCounts(suppressions, other.suppressions);
            mergeCounts(noAction, other.noAction);
            other.noActionSamples.forEach((channel, samples) ->
                    noActionSamples.computeIfAbsent(channel, c -> new Samples<>(sampleSize)).merge(samples));
        }

        Outcomes outcomes() {
            List<TypeRow> types = byType.entrySet().stream()
                    .map(e -> new TypeRow(e.getKey().channel(), e.getKey().type(), e.getValue().customers,
                            Pennies.money(e.getValue().pennies)))
                    .sorted(Comparator.comparing(TypeRow::channel).thenComparing(TypeRow::type))
                    .toList();
            List<ActionRow> actions = byAction.entrySet().stream()
                    .map(e -> new ActionRow(e.getKey().channel(), e.getKey().type(), e.getKey().key(),
                            e.getValue().customers, Pennies.money(e.getValue().pennies)))
                    .sorted(Comparator.comparing(ActionRow::channel)
                            .thenComparing(ActionRow::customers, Comparator.reverseOrder())
                            .thenComparing(ActionRow::type).thenComparing(ActionRow::key))
                    .toList();
            List<SuppressionRow> blocks = suppressions.entrySet().stream()
                    .map(e -> new SuppressionRow(e.getKey().channel(), e.getKey().blockedBy(), e.getKey().type(),
                            e.getValue().events, e.getValue().customers))
                    .sorted(Comparator.comparing(SuppressionRow::channel)
                            .thenComparing(SuppressionRow::suppressions, Comparator.reverseOrder())
                            .thenComparing(SuppressionRow::blockedBy).thenComparing(SuppressionRow::type))
                    .toList();
            List<NoActionRow> empty = noAction.entrySet().stream()
                    .map(e -> new NoActionRow(e.getKey().channel(), e.getKey().segment(), e.getValue().customers))
                    .sorted(Comparator.comparing(NoActionRow::channel).thenComparing(NoActionRow::segment))
                    .toList();
            List<NoActionSample> samples = noActionSamples.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> new NoActionSample(e.getKey(), e.getValue().values()))
                    .toList();
            return new Outcomes(types, actions, blocks, empty, samples);
        }
    }

    /** Candidate against baseline, for the same customer and channel. */
    static final class ChangeTally implements Serializable {
        long customersChanged;
        final Map<ActionKey, long[]> gainedLost = new HashMap<>();
        final Map<Channel, long[]> creditsAddedRemoved = new HashMap<>();
        final Map<BlockKey, Count> newSuppressions = new HashMap<>();
        final Map<BlockKey, Count> liftedSuppressions = new HashMap<>();
        final Samples<List<ChangedCustomer>> samples;

        ChangeTally(int sampleSize) {
            this.samples = new Samples<>(sampleSize);
        }

        /** Counts the differences on one channel; answers the before and after when there are any. */
        ChangedCustomer compare(CustomerContext context, Decision before, Decision after, KeyNames keys) {
            Channel channel = after.channel();
            Map<String, Action> was = byId(before.actions());
            Map<String, Action> is = byId(after.actions());
            boolean changed = false;
            for (Action action : after.actions()) {
                Action old = was.get(action.actionId());
                if (old == null) {
                    gainedLost.computeIfAbsent(new ActionKey(channel, action.type(), keys.general(action.key())),
                            k -> new long[2])[0]++;
                    changed = true;
                } else if (!Objects.equals(old.amount(), action.amount())) {
                    changed = true;
                }
            }
            for (Action action : before.actions()) {
                if (!is.containsKey(action.actionId())) {
                    gainedLost.computeIfAbsent(new ActionKey(channel, action.type(), keys.general(action.key())),
                            k -> new long[2])[1]++;
                    changed = true;
                }
            }
            long delta = credits(after.actions()) - credits(before.actions());
            if (delta != 0) {
                long[] addedRemoved = creditsAddedRemoved.computeIfAbsent(channel, c -> new long[2]);
                addedRemoved[delta > 0 ? 0 : 1] += Math.abs(delta);
            }
            Set<String> wasSuppressed = suppressionIds(before.suppressed());
            Set<String> isSuppressed = suppressionIds(after.suppressed());
            if (!wasSuppressed.equals(isSuppressed)) {
                changed = true;
                countDifference(after.suppressed(), wasSuppressed, channel, newSuppressions);
                countDifference(before.suppressed(), isSuppressed, channel, liftedSuppressions);
            }
            if (!changed) {
                return null;
            }
            return new ChangedCustomer(context.customerId(), channel, briefs(before, keys), briefs(after, keys),
                    suppressedBriefs(before, keys), suppressedBriefs(after, keys));
        }

        private static void countDifference(List<Suppressed> suppressed, Set<String> other, Channel channel,
                                            Map<BlockKey, Count> into) {
            Set<BlockKey> seen = new HashSet<>();
            for (Suppressed s : suppressed) {
                if (!other.contains(suppressionId(s))) {
                    BlockKey key = new BlockKey(channel, s.blockedBy(), s.type());
                    Count count = into.computeIfAbsent(key, k -> new Count());
                    count.events++;
                    if (seen.add(key)) {
                        count.customers++;
                    }
                }
            }
        }

        private static Set<String> suppressionIds(List<Suppressed> suppressed) {
            Set<String> ids = new HashSet<>();
            for (Suppressed s : suppressed) {
                ids.add(suppressionId(s));
            }
            return ids;
        }

        /** A suppression is "the same" when the same candidate is blocked by the same rule. */
        private static String suppressionId(Suppressed s) {
            return s.actionId() + '\u0000' + s.blockedBy();
        }

        private static Map<String, Action> byId(List<Action> actions) {
            Map<String, Action> map = new LinkedHashMap<>();
            for (Action a : actions) {
                map.put(a.actionId(), a);
            }
            return map;
        }

        private static long credits(List<Action> actions) {
            long pennies = 0;
            for (Action a : actions) {
                pennies += Pennies.of(a.amount());
            }
            return pennies;
        }

        private static List<ActionBrief> briefs(Decision decision, KeyNames keys) {
            return decision.actions().stream()
                    .map(a -> new ActionBrief(a.type(), keys.general(a.key()), a.title(), a.amount()))
                    .toList();
        }

        private static List<SuppressedBrief> suppressedBriefs(Decision decision, KeyNames keys) {
            return decision.suppressed().stream()
                    .map(s -> new SuppressedBrief(s.type(), keys.general(s.key()), s.blockedBy()))
                    .toList();
        }

        void merge(ChangeTally other) {
            customersChanged += other.customersChanged;
            other.gainedLost.forEach((key, counts) -> {
                long[] mine = gainedLost.computeIfAbsent(key, k -> new long[2]);
                mine[0] += counts[0];
                mine[1] += counts[1];
            });
            other.creditsAddedRemoved.forEach((channel, money) -> {
                long[] mine = creditsAddedRemoved.computeIfAbsent(channel, c -> new long[2]);
                mine[0] += money[0];
                mine[1] += money[1];
            });
            mergeCounts(newSuppressions, other.newSuppressions);
            mergeCounts(liftedSuppressions, other.liftedSuppressions);
            samples.merge(other.samples);
        }

        Changes report() {
            List<ActionChangeRow> actions = gainedLost.entrySet().stream()
                    .map(e -> new ActionChangeRow(e.getKey().channel(), e.getKey().type(), e.getKey().key(),
                            e.getValue()[0], e.getValue()[1]))
                    .sorted(Comparator.comparing(ActionChangeRow::channel)
                            .thenComparing(r -> r.gained() + r.lost(), Comparator.reverseOrder())
                            .thenComparing(ActionChangeRow::type).thenComparing(ActionChangeRow::key))
                    .toList();
            List<CreditChangeRow> credits = creditsAddedRemoved.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> new CreditChangeRow(e.getKey(), Pennies.money(e.getValue()[0]),
                            Pennies.money(e.getValue()[1]), Pennies.money(e.getValue()[0] - e.getValue()[1])))
                    .toList();
            List<ChangedCustomer> changed = samples.values().stream().flatMap(List::stream).toList();
            return new Changes(customersChanged, actions, credits, suppressionRows(newSuppressions),
                    suppressionRows(liftedSuppressions), changed);
        }

        private static List<SuppressionChangeRow> suppressionRows(Map<BlockKey, Count> counts) {
            return counts.entrySet().stream()
                    .map(e -> new SuppressionChangeRow(e.getKey().channel(), e.getKey().blockedBy(), e.getKey().type(),
                            e.getValue().customers))
                    .sorted(Comparator.comparing(SuppressionChangeRow::channel)
                            .thenComparing(SuppressionChangeRow::customers, Comparator.reverseOrder())
                            .thenComparing(SuppressionChangeRow::blockedBy).thenComparing(SuppressionChangeRow::type))
                    .toList();
        }
    }

    private static <K> void mergeCounts(Map<K, Count> into, Map<K, Count> from) {
        from.forEach((key, count) -> into.computeIfAbsent(key, k -> new Count()).add(count));
    }

    static final class Pennies {
        private Pennies() {
        }

        static long of(BigDecimal amount) {
            return amount == null ? 0 : amount.movePointRight(2).longValueExact();
        }

        static BigDecimal money(long pennies) {
            return BigDecimal.valueOf(pennies, 2);
        }
    }
}
