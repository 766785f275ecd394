package io.chorus.simulator.outbound;

import java.util.Arrays;
import java.util.List;

/**
 * What an outbound allocation chooses from, in primitive arrays (millions of items, no boxing): items (one per
 * customer and channel), each with its ranked candidate actions and their priorities, and for every candidate the
 * volume constraints it counts against with the units it would use there (1 for a count, the cost for a budget,
 * both as whole numbers of the constraint's smallest unit, so sums are exact). Each constraint has the capacity
 * left in the same units. At most {@code maxPerItem} candidates are chosen per item.
 *
 * <p>Built with {@link Builder}: {@code addItem()}, then for each of its candidates {@code addCandidate(priority)}
 * followed by {@code counts(constraint, units)} for each constraint it counts against.
 */
public final class AllocationProblem {
    final String[] names;
    final long[] capacity;
    final int maxPerItem;
    final int items;
    final int[] itemStart;
    final int candidates;
    final double[] priority;
    final int[] itemOf;
    final int[] memberStart;
    final int[] memberConstraint;
    final long[] memberUnits;

    private AllocationProblem(Builder b) {
        this.names = b.names.clone();
        this.capacity = b.capacity.clone();
        this.maxPerItem = b.maxPerItem;
        this.items = b.items;
        this.itemStart = Arrays.copyOf(b.itemStart, b.items + 1);
        this.itemStart[b.items] = b.candidates;
        this.candidates = b.candidates;
        this.priority = Arrays.copyOf(b.priority, b.candidates);
        this.memberStart = Arrays.copyOf(b.memberStart, b.candidates + 1);
        this.memberStart[b.candidates] = b.members;
        this.memberConstraint = Arrays.copyOf(b.memberConstraint, b.members);
        this.memberUnits = Arrays.copyOf(b.memberUnits, b.members);
        this.itemOf = new int[candidates];
        for (int i = 0; i < items; i++) {
            Arrays.fill(itemOf, itemStart[i], itemStart[i + 1], i);
        }
    }

    public int constraints() {
        return names.length;
    }

    public String name(int constraint) {
        return names[constraint];
    }

    public long capacity(int constraint) {
        return capacity[constraint];
    }

    public int items() {
        return items;
    }

    public int candidates() {
        return candidates;
    }

    public int maxPerItem() {
        return maxPerItem;
    }

    /** The first candidate of the item; its candidates run up to {@code firstCandidate(item + 1)}. */
    public int firstCandidate(int item) {
        return itemStart[item];
    }

    public int itemOf(int candidate) {
        return itemOf[candidate];
    }

    public double priority(int candidate) {
        return priority[candidate];
    }

    /** The units the candidate uses of the constraint; 0 when it does not count against it. */
    public long units(int candidate, int constraint) {
        for (int k = memberStart[candidate]; k < memberStart[candidate + 1]; k++) {
            if (memberConstraint[k] == constraint) {
                return memberUnits[k];
            }
        }
        return 0;
    }

    public static Builder builder(List<String> constraintNames, long[] capacity, int maxPerItem) {
        return new Builder(constraintNames, capacity, maxPerItem);
    }

    /** Appends items and candidates in order; not thread-safe. */
    public static final class Builder {
        private final String[] names;
        private final long[] capacity;
        private final int maxPerItem;
        private int items;
        private int[] itemStart = new int[1024];
        private int candidates;
        private double[] priority = new double[1024];
        private int[] memberStart = new int[1024];
        private int members;
        private int[] memberConstraint = new int[256];
        private long[] memberUnits = new long[256];

        private Builder(List<String> constraintNames, long[] capacity, int maxPerItem) {
            if (constraintNames.size() != capacity.length) {
                throw new IllegalArgumentException("one capacity per constraint");
            }
            for (long c : capacity) {
                if (c < 0) {
                    throw new IllegalArgumentException("capacity must not be negative");
                }
            }
            if (maxPerItem < 1) {
                throw new IllegalArgumentException("at least one candidate per item");
            }
            this.names = constraintNames.toArray(String[]::new);
            this.capacity = capacity.clone();
            this.maxPerItem = maxPerItem;
        }

        /** Starts the next item; answers its index. */
        public int addItem() {
            if (items + 1 >= itemStart.length) {
                itemStart = Arrays.copyOf(itemStart, itemStart.length * 2);
            }
            itemStart[items] = candidates;
            return items++;
        }

        /** A candidate of the item last added; answers its index. */
        public int addCandidate(double candidatePriority) {
            if (items == 0) {
                throw new IllegalStateException("addItem first");
            }
            if (Double.isNaN(candidatePriority) || Double.isInfinite(candidatePriority)) {
                throw new IllegalArgumentException("priority must be a finite number");
            }
            if (candidates + 1 >= priority.length) {
                priority = Arrays.copyOf(priority, priority.length * 2);
                memberStart = Arrays.copyOf(memberStart, memberStart.length * 2);
            }
            priority[candidates] = candidatePriority;
            memberStart[candidates] = members;
            return candidates++;
        }

        /** The candidate last added uses {@code units} of the constraint. */
        public void counts(int constraint, long units) {
            if (candidates == 0 || itemStart[items - 1] == candidates) {
                throw new IllegalStateException("addCandidate first");
            }
            if (constraint < 0 || constraint >= names.length) {
                throw new IllegalArgumentException("no constraint " + constraint);
            }
            if (units <= 0) {
                throw new IllegalArgumentException("units must be more than 0");
            }
            if (members == memberConstraint.length) {
                memberConstraint = Arrays.copyOf(memberConstraint, members * 2);
                memberUnits = Arrays.copyOf(memberUnits, members * 2);
            }
            memberConstraint[members] = constraint;
            memberUnits[members] = units;
            members++;
        }

        public AllocationProblem build() {
            return new AllocationProblem(this);
        }
    }
}
