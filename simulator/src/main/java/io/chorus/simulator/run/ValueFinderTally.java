package io.chorus.simulator.run;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.Suppressed;
import io.chorus.simulator.report.SimulationReport.ValueBlockRow;
import io.chorus.simulator.report.SimulationReport.ValueFinder;
import io.chorus.simulator.report.SimulationReport.ValueGapRow;
import io.chorus.simulator.run.Tally.BlockKey;
import io.chorus.simulator.run.Tally.Count;
import io.chorus.simulator.run.Tally.SegmentKey;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The value finder: customers the rules leave without a worthwhile action, per channel and segment, and the rules
 * that suppressed what those customers could have been shown. Kept for the candidate and, given one, the baseline;
 * the blocking rules for the candidate only. Grows with channels, segments and blocking rules, never with customers;
 * the merge adds counts, so it is associative and any grouping of workers or partitions gives the same report.
 */
final class ValueFinderTally implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double threshold;
    final Map<SegmentKey, Gaps> candidate = new HashMap<>();
    final Map<SegmentKey, Gaps> baseline;
    final Map<BlockKey, Count> blocks = new HashMap<>();

    /** Customers decided on one channel in one segment, and how many of them the rules left without value. */
    static final class Gaps implements Serializable {
        private static final long serialVersionUID = 1L;
        long customers;
        long noAction;
        long lowPropensity;

        void add(Gaps other) {
            customers += other.customers;
            noAction += other.noAction;
            lowPropensity += other.lowPropensity;
        }
    }

    /** What one decision left the customer with. */
    enum Gap { NO_ACTION, LOW_PROPENSITY, NONE }

    ValueFinderTally(double threshold, boolean withBaseline) {
        this.threshold = threshold;
        this.baseline = withBaseline ? new HashMap<>() : null;
    }

    /**
     * No action when everything shown is a fallback (or nothing is); low propensity when something else is shown
     * but every such action's propensity is under the threshold; otherwise at least one action worth showing.
     */
    static Gap gap(Decision decision, double threshold) {
        boolean shown = false;
        for (Action action : decision.actions()) {
            if (action.fallback()) {
                continue;
            }
            if (action.propensity() >= threshold) {
                return Gap.NONE;
            }
            shown = true;
        }
        return shown ? Gap.LOW_PROPENSITY : Gap.NO_ACTION;
    }

    /** The candidate's decision for one customer on one channel. */
    void candidate(CustomerContext context, Decision decision) {
        if (count(candidate, context, decision) == Gap.NONE) {
            return;
        }
        Channel channel = decision.channel();
        Set<BlockKey> seen = new HashSet<>();
        for (Suppressed suppressed : decision.suppressed()) {
            BlockKey block = new BlockKey(channel, suppressed.blockedBy(), suppressed.type());
            Count count = blocks.computeIfAbsent(block, k -> new Count());
            count.events++;
            if (seen.add(block)) {
                count.customers++;
            }
        }
    }

    /** The baseline's decision for the same customer and channel. */
    void baseline(CustomerContext context, Decision decision) {
        count(baseline, context, decision);
    }

    private Gap count(Map<SegmentKey, Gaps> into, CustomerContext context, Decision decision) {
        Gaps gaps = into.computeIfAbsent(new SegmentKey(decision.channel(), context.segment()), k -> new Gaps());
        gaps.customers++;
        Gap gap = gap(decision, threshold);
        switch (gap) {
            case NO_ACTION -> gaps.noAction++;
            case LOW_PROPENSITY -> gaps.lowPropensity++;
            case NONE -> {
            }
        }
        return gap;
    }

    void merge(ValueFinderTally other) {
        mergeGaps(candidate, other.candidate);
        if (baseline != null) {
            mergeGaps(baseline, other.baseline);
        }
        other.blocks.forEach((key, count) -> blocks.computeIfAbsent(key, k -> new Count()).add(count));
    }

    private static void mergeGaps(Map<SegmentKey, Gaps> into, Map<SegmentKey, Gaps> from) {
        from.forEach((key, gaps) -> into.computeIfAbsent(key, k -> new Gaps()).add(gaps));
    }

    ValueFinder report() {
        Set<SegmentKey> keys = new TreeSet<>(Comparator.comparing(SegmentKey::channel)
                .thenComparing(SegmentKey::segment, Comparator.nullsLast(Comparator.naturalOrder())));
        keys.addAll(candidate.keySet());
        if (baseline != null) {
            keys.addAll(baseline.keySet());
        }
        List<ValueGapRow> rows = new ArrayList<>();
        for (SegmentKey key : keys) {
            Gaps mine = candidate.getOrDefault(key, new Gaps());
            Gaps theirs = baseline == null ? null : baseline.getOrDefault(key, new Gaps());
            rows.add(new ValueGapRow(key.channel(), key.segment(), mine.customers, mine.noAction, mine.lowPropensity,
                    theirs == null ? null : theirs.noAction, theirs == null ? null : theirs.lowPropensity));
        }
        List<ValueBlockRow> all = blocks.entrySet().stream()
                .map(e -> new ValueBlockRow(e.getKey().channel(), e.getKey().blockedBy(), e.getKey().type(),
                        e.getValue().events, e.getValue().customers))
                .sorted(Comparator.comparing(ValueBlockRow::channel)
                        .thenComparing(ValueBlockRow::suppressions, Comparator.reverseOrder())
                        .thenComparing(ValueBlockRow::customers, Comparator.reverseOrder())
                        .thenComparing(ValueBlockRow::blockedBy).thenComparing(ValueBlockRow::type))
                .toList();
        List<ValueBlockRow> top = new ArrayList<>();
        Map<Channel, Integer> perChannel = new HashMap<>();
        for (ValueBlockRow row : all) {
            if (perChannel.merge(row.channel(), 1, Integer::sum) <= ValueFinder.TOP_BLOCKS) {
                top.add(row);
            }
        }
        return new ValueFinder(threshold, rows, top);
    }
}
