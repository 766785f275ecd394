package io.chorus.simulator.outbound;

/**
 * What an allocation chose: the candidates kept (ascending indices), the priority they add up to, an upper bound
 * on any allocation's total (the optimum of the linear relaxation, or above it) and the relative gap between the
 * two; per constraint the units used, and the items held back by it: items whose best candidates (by priority)
 * were not all kept while that constraint had no room left for one of them.
 */
public record Allocation(int[] chosen, double totalPriority, double upperBound, double gap, long[] used,
                         int[][] heldBack) {

    /** Items held back by the constraint. */
    public int[] heldBack(int constraint) {
        return heldBack[constraint];
    }
}
