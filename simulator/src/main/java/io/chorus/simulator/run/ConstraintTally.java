package io.chorus.simulator.run;

import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.Channel;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.simulator.outbound.Allocation;
import io.chorus.simulator.outbound.AllocationProblem;
import io.chorus.simulator.outbound.Allocator;
import io.chorus.simulator.report.SimulationReport.ConstraintReach;
import io.chorus.simulator.report.SimulationReport.ConstraintReachRow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * How the candidate rule set's volume constraints change its reach. Decisions in a what-if are made without the
 * constraints (nothing is counted across customers while workers decide in parallel); this keeps, per worker, the
 * customers shown an action some constraint counts, and at the end allocates those actions under the limits with
 * the outbound allocation, as one period's worth of the whole population. Memory grows with those customers only.
 * A held-back action's place is not given to the next candidate here, so reach with constraints is a floor.
 */
final class ConstraintTally implements java.io.Serializable {
    private final List<VolumeConstraint> constraints;
    private final int perDecision;
    long customersReached;
    final List<Demand> demands = new ArrayList<>();

    /** One customer with constrained actions: those actions per decision, and whether anything else reaches them. */
    record Demand(long ordinal, boolean reachedOtherwise, List<List<Action>> decisions, List<Channel> channels)
            implements java.io.Serializable {
    }

    ConstraintTally(List<VolumeConstraint> constraints, int perDecision) {
        this.constraints = constraints;
        this.perDecision = Math.max(1, perDecision);
    }

    void customer(long ordinal, List<Decision> decisions) {
        boolean reached = false;
        boolean reachedOtherwise = false;
        List<List<Action>> counted = null;
        List<Channel> of = null;
        for (Decision decision : decisions) {
            List<Action> mine = null;
            for (Action action : decision.actions()) {
                reached |= !action.fallback();
                if (counts(decision, action)) {
                    if (mine == null) {
                        mine = new ArrayList<>(2);
                    }
                    mine.add(action);
                } else {
                    reachedOtherwise |= !action.fallback();
                }
            }
            if (mine != null) {
                if (counted == null) {
                    counted = new ArrayList<>(2);
                    of = new ArrayList<>(2);
                }
                counted.add(mine);
                of.add(decision.channel());
            }
        }
        if (reached) {
            customersReached++;
        }
        if (counted != null) {
            demands.add(new Demand(ordinal, reachedOtherwise, counted, of));
        }
    }

    private boolean counts(Decision decision, Action action) {
        for (VolumeConstraint c : constraints) {
            if (c.counts(decision.channel(), action.type(), action.key())) {
                return true;
            }
        }
        return false;
    }

    void merge(ConstraintTally other) {
        customersReached += other.customersReached;
        demands.addAll(other.demands);
    }

    ConstraintReach report() {
        demands.sort(Comparator.comparingLong(Demand::ordinal)); // the same allocation whatever thread saw whom
        int m = constraints.size();
        List<String> names = new ArrayList<>();
        long[] capacity = new long[m];
        long[] units = new long[m];
        int[] digits = new int[m];
        for (int c = 0; c < m; c++) {
            VolumeConstraint constraint = constraints.get(c);
            names.add(constraint.name());
            digits[c] = Math.max(0, Math.max(constraint.units().stripTrailingZeros().scale(),
                    constraint.capacity().stripTrailingZeros().scale()));
            units[c] = constraint.units().movePointRight(digits[c]).longValueExact();
            capacity[c] = constraint.capacity().movePointRight(digits[c]).setScale(0, RoundingMode.FLOOR).longValueExact();
        }
        AllocationProblem.Builder builder = AllocationProblem.builder(names, capacity, perDecision);
        List<Integer> customerOfItem = new ArrayList<>();
        List<Boolean> fallback = new ArrayList<>();
        long[] demand = new long[m];
        for (int d = 0; d < demands.size(); d++) {
            Demand customer = demands.get(d);
            for (int k = 0; k < customer.decisions().size(); k++) {
                builder.addItem();
                customerOfItem.add(d);
                Channel channel = customer.channels().get(k);
                for (Action action : customer.decisions().get(k)) {
                    builder.addCandidate(action.priority());
                    fallback.add(action.fallback());
                    for (int c = 0; c < m; c++) {
                        if (constraints.get(c).counts(channel, action.type(), action.key())) {
                            builder.counts(c, units[c]);
                            demand[c] += units[c];
                        }
                    }
                }
            }
        }
        AllocationProblem problem = builder.build();
        Allocation allocation = Allocator.optimise(problem);
        BitSet reachedWith = new BitSet(demands.size());
        for (int j : allocation.chosen()) {
            if (!fallback.get(j)) {
                reachedWith.set(customerOfItem.get(problem.itemOf(j)));
            }
        }
        long lost = 0;
        for (int d = 0; d < demands.size(); d++) {
            Demand customer = demands.get(d);
            boolean reachedByConstrained = customer.decisions().stream().flatMap(List::stream).anyMatch(a -> !a.fallback());
            if (!customer.reachedOtherwise() && reachedByConstrained && !reachedWith.get(d)) {
                lost++;
            }
        }
        List<ConstraintReachRow> rows = new ArrayList<>();
        for (int c = 0; c < m; c++) {
            VolumeConstraint constraint = constraints.get(c);
            int scale = Math.max(digits[c], constraint.capacity().scale());
            BitSet held = new BitSet(demands.size());
            for (int item : allocation.heldBack(c)) {
                held.set(customerOfItem.get(item));
            }
            rows.add(new ConstraintReachRow(constraint.name(), constraint.period().name(), constraint.capacity(),
                    BigDecimal.valueOf(demand[c], digits[c]).setScale(scale, RoundingMode.UNNECESSARY),
                    BigDecimal.valueOf(allocation.used()[c], digits[c]).setScale(scale, RoundingMode.UNNECESSARY),
                    held.cardinality()));
        }
        return new ConstraintReach(customersReached, customersReached - lost, rows);
    }
}
