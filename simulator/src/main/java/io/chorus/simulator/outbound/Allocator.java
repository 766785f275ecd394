package io.chorus.simulator.outbound;

import java.util.Arrays;

/**
 * Allocates candidates to items under volume constraints, to keep as much total priority as the constraints allow.
 *
 * <p>{@link #optimise} uses Lagrangian relaxation. For multipliers λ ≥ 0, one per constraint, each item on its own
 * takes the (at most {@code maxPerItem}) candidates with the highest positive adjusted value p − Σ λ_c·w_c; the sum
 * of those values plus Σ λ_c·capacity_c bounds every allocation from above, the linear relaxation included, and
 * at the best λ equals the relaxation's optimum (one item's choices form an integral polytope). λ is found by
 * bisection on one constraint at a time (the usage of a constraint falls as its λ rises; the best λ is where it
 * meets the capacity), then refined by subgradient steps. The allocation itself takes candidates in order of
 * adjusted value, each only if every constraint it counts against still has room (so no limit is ever exceeded),
 * then fills what room is left with the remaining candidates by priority. The greedy allocation is computed too
 * and the better of the two is answered, so the result is never below the greedy one.
 *
 * <p>{@link #greedy} is the plain baseline: highest priority first, whatever fits.
 *
 * <p>Candidates with priority 0 or less are never chosen: they add nothing.
 */
public final class Allocator {
    private static final int SWEEPS = 6;
    private static final int BISECTIONS = 64;
    private static final int SUBGRADIENT_STEPS = 15;

    private final AllocationProblem p;
    private final int[][] itemsOf;
    // Scratch for picking the top candidates of one item (maxPerItem > 1).
    private final double[] topValue;
    private final int[] topIndex;

    private Allocator(AllocationProblem problem) {
        this.p = problem;
        this.topValue = new double[problem.maxPerItem];
        this.topIndex = new int[problem.maxPerItem];
        this.itemsOf = itemsByConstraint(problem);
    }

    /** Highest priority first, each candidate kept if its item has room and every constraint it counts has room. */
    public static Allocation greedy(AllocationProblem problem) {
        Allocator a = new Allocator(problem);
        State state = a.new State();
        state.fill();
        double bound = a.dual(new double[problem.constraints()], null);
        return state.result(bound);
    }

    /** The Lagrangian allocation (see the class comment); never below {@link #greedy}, never above its bound. */
    public static Allocation optimise(AllocationProblem problem) {
        Allocator a = new Allocator(problem);
        int m = problem.constraints();
        double[] lambda = new double[m];
        double best = a.dual(lambda, null);
        double[] bestLambda = lambda.clone();
        if (m > 0) {
            for (int sweep = 0; sweep < SWEEPS; sweep++) {
                double moved = 0;
                for (int c = 0; c < m; c++) {
                    double before = lambda[c];
                    lambda[c] = a.bisect(c, lambda);
                    moved = Math.max(moved, Math.abs(lambda[c] - before) / Math.max(1e-12, Math.abs(before)));
                }
                double value = a.dual(lambda, null);
                double improved = best - value;
                if (value < best) {
                    best = value;
                    bestLambda = lambda.clone();
                }
                if (moved < 1e-7 || m == 1 || improved < 1e-7 * Math.abs(best)) {
                    break;
                }
            }
        }
        State fromLambda = a.primal(bestLambda);
        double primal = fromLambda.total;

        // Subgradient steps (Polyak's step towards the best allocation known) where the coordinate search stalls
        // at a kink between constraints that count the same candidates.
        if (m > 1 && best - primal > 1e-9 * Math.abs(best)) {
            double[] mu = bestLambda.clone();
            long[] usage = new long[m];
            for (int step = 0; step < SUBGRADIENT_STEPS; step++) {
                Arrays.fill(usage, 0);
                double value = a.dual(mu, usage);
                if (value < best) {
                    best = value;
                    bestLambda = mu.clone();
                }
                double norm = 0;
                double[] g = new double[m];
                for (int c = 0; c < m; c++) {
                    g[c] = problem.capacity[c] - usage[c];
                    norm += g[c] * g[c];
                }
                if (norm == 0) {
                    break;
                }
                double t = Math.max(value - primal, 1e-12) / norm;
                for (int c = 0; c < m; c++) {
                    mu[c] = Math.max(0, mu[c] - t * g[c]);
                }
            }
            State again = a.primal(bestLambda);
            if (again.total > fromLambda.total) {
                fromLambda = again;
            }
        }
        State greedy = a.new State();
        greedy.fill();
        State chosen = greedy.total > fromLambda.total ? greedy : fromLambda;
        return chosen.result(best);
    }

    /**
     * The better of two allocations built at λ: candidates by adjusted value, the positive ones first and what
     * room is left filled by priority; or every candidate by adjusted value (which prefers, at the margin, what
     * uses the least of a tight constraint).
     */
    private State primal(double[] lambda) {
        State positiveFirst = new State();
        positiveFirst.takeByAdjustedValue(lambda, true);
        positiveFirst.fill();
        State all = new State();
        all.takeByAdjustedValue(lambda, false);
        return all.total > positiveFirst.total ? all : positiveFirst;
    }

    /** Items that have a candidate counting against each constraint. */
    private static int[][] itemsByConstraint(AllocationProblem p) {
        int m = p.constraints();
        int[] count = new int[m];
        int[] lastItem = new int[m];
        Arrays.fill(lastItem, -1);
        for (int j = 0; j < p.candidates; j++) {
            for (int k = p.memberStart[j]; k < p.memberStart[j + 1]; k++) {
                int c = p.memberConstraint[k];
                if (lastItem[c] != p.itemOf[j]) {
                    lastItem[c] = p.itemOf[j];
                    count[c]++;
                }
            }
        }
        int[][] items = new int[m][];
        for (int c = 0; c < m; c++) {
            items[c] = new int[count[c]];
        }
        Arrays.fill(count, 0);
        Arrays.fill(lastItem, -1);
        for (int j = 0; j < p.candidates; j++) {
            for (int k = p.memberStart[j]; k < p.memberStart[j + 1]; k++) {
                int c = p.memberConstraint[k];
                if (lastItem[c] != p.itemOf[j]) {
                    lastItem[c] = p.itemOf[j];
                    items[c][count[c]++] = p.itemOf[j];
                }
            }
        }
        return items;
    }

    private double adjusted(int j, double[] lambda) {
        double a = p.priority[j];
        for (int k = p.memberStart[j]; k < p.memberStart[j + 1]; k++) {
            a -= lambda[p.memberConstraint[k]] * p.memberUnits[k];
        }
        return a;
    }

    /**
     * The item's best choice at λ: the sum of its top positive adjusted values; the units those candidates use are
     * added to {@code usage} where given (all constraints), or to {@code usage[0]} for {@code only} ≥ 0.
     */
    private double item(int i, double[] lambda, long[] usage, int only) {
        int from = p.itemStart[i];
        int to = p.itemStart[i + 1];
        if (p.maxPerItem == 1) {
            double best = 0;
            int bestJ = -1;
            for (int j = from; j < to; j++) {
                double a = adjusted(j, lambda);
                if (a > best) {
                    best = a;
                    bestJ = j;
                }
            }
            if (bestJ >= 0 && usage != null) {
                count(bestJ, usage, only);
            }
            return best;
        }
        int n = 0;
        for (int j = from; j < to; j++) {
            double a = adjusted(j, lambda);
            if (a <= 0 || (n == topValue.length && a <= topValue[n - 1])) {
                continue;
            }
            int at = n == topValue.length ? n - 1 : n++;
            while (at > 0 && topValue[at - 1] < a) {
                topValue[at] = topValue[at - 1];
                topIndex[at] = topIndex[at - 1];
                at--;
            }
            topValue[at] = a;
            topIndex[at] = j;
        }
        double sum = 0;
        for (int t = 0; t < n; t++) {
            sum += topValue[t];
            if (usage != null) {
                count(topIndex[t], usage, only);
            }
        }
        return sum;
    }

    private void count(int j, long[] usage, int only) {
        for (int k = p.memberStart[j]; k < p.memberStart[j + 1]; k++) {
            if (only < 0) {
                usage[p.memberConstraint[k]] += p.memberUnits[k];
            } else if (p.memberConstraint[k] == only) {
                usage[0] += p.memberUnits[k];
            }
        }
    }

    /** The Lagrangian dual at λ: an upper bound on every allocation's total. */
    private double dual(double[] lambda, long[] usage) {
        double sum = 0;
        for (int i = 0; i < p.items; i++) {
            sum += item(i, lambda, usage, -1);
        }
        for (int c = 0; c < lambda.length; c++) {
            sum += lambda[c] * p.capacity[c];
        }
        return sum;
    }

    /** Units of one constraint the items would use at λ. */
    private long usage(int c, double[] lambda) {
        long[] used = new long[1];
        for (int i : itemsOf[c]) {
            item(i, lambda, used, c);
        }
        return used[0];
    }

    /**
     * The smallest λ_c (the others fixed) at which the items' own choices fit constraint c: the minimum of the dual
     * along that coordinate. With one candidate per item it is found exactly: each item's choice changes at a few
     * breakpoints as λ_c rises (its upper envelope of lines p − λ_c·w), and sorting them gives the usage curve.
     */
    private double bisect(int c, double[] lambda) {
        if (p.maxPerItem == 1) {
            return lineSearch(c, lambda);
        }
        double[] at = lambda.clone();
        at[c] = 0;
        if (usage(c, at) <= p.capacity[c]) {
            return 0;
        }
        double hi = 0;
        for (int i : itemsOf[c]) {
            for (int j = p.itemStart[i]; j < p.itemStart[i + 1]; j++) {
                long w = p.units(j, c);
                if (w > 0) {
                    hi = Math.max(hi, p.priority[j] / w);
                }
            }
        }
        hi = hi * (1 + 1e-9) + 1e-300;
        double lo = 0;
        for (int step = 0; step < BISECTIONS && hi - lo > 1e-9 * hi; step++) {
            double mid = (lo + hi) / 2;
            at[c] = mid;
            if (usage(c, at) <= p.capacity[c]) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private double lineSearch(int c, double[] lambda) {
        double[] at = lambda.clone();
        at[c] = 0;
        int size = 0;
        double[] t = new double[64];
        long[] drop = new long[64];
        long usage = 0;
        double[] value = new double[8];
        long[] units = new long[8];
        for (int i : itemsOf[c]) {
            // Options: nothing or a candidate not counted by c (units 0, best value a), and each candidate c counts.
            int from = p.itemStart[i];
            int to = p.itemStart[i + 1];
            if (value.length < to - from + 1) {
                value = new double[to - from + 1];
                units = new long[to - from + 1];
            }
            double a = 0;
            int n = 1;
            for (int j = from; j < to; j++) {
                long w = p.units(j, c);
                double v = adjusted(j, at);
                if (w == 0) {
                    a = Math.max(a, v);
                } else {
                    value[n] = v;
                    units[n++] = w;
                }
            }
            value[0] = a;
            units[0] = 0;
            // The choice just above λ_c = 0: the best value, then the fewest units.
            int current = 0;
            for (int o = 1; o < n; o++) {
                if (value[o] > value[current] || (value[o] == value[current] && units[o] < units[current])) {
                    current = o;
                }
            }
            usage += units[current];
            double now = 0;
            while (units[current] > 0) {
                int next = -1;
                double when = Double.POSITIVE_INFINITY;
                for (int o = 0; o < n; o++) {
                    if (units[o] < units[current]) {
                        double cross = Math.max(now, (value[current] - value[o]) / (units[current] - units[o]));
                        if (next < 0 || cross < when || (cross == when && units[o] < units[next])) {
                            when = cross;
                            next = o;
                        }
                    }
                }
                if (size == t.length) {
                    t = Arrays.copyOf(t, size * 2);
                    drop = Arrays.copyOf(drop, size * 2);
                }
                t[size] = when;
                drop[size++] = units[current] - units[next];
                now = when;
                current = next;
            }
        }
        if (usage <= p.capacity[c]) {
            return 0;
        }
        long[] order = new long[size];
        for (int k = 0; k < size; k++) {
            order[k] = ((long) Float.floatToIntBits((float) t[k]) << 32) | k;
        }
        Arrays.parallelSort(order);
        for (long key : order) {
            int k = (int) key;
            usage -= drop[k];
            if (usage <= p.capacity[c]) {
                return t[k];
            }
        }
        throw new IllegalStateException("usage never fell to the capacity");
    }

    /** An allocation being built: never over a limit, never over {@code maxPerItem} per item. */
    private final class State {
        final long[] used = new long[p.constraints()];
        final int[] perItem = new int[p.items];
        final boolean[] taken = new boolean[p.candidates];
        double total;

        boolean fits(int j) {
            if (taken[j] || perItem[p.itemOf[j]] >= p.maxPerItem || p.priority[j] <= 0) {
                return false;
            }
            for (int k = p.memberStart[j]; k < p.memberStart[j + 1]; k++) {
                int c = p.memberConstraint[k];
                if (used[c] + p.memberUnits[k] > p.capacity[c]) {
                    return false;
                }
            }
            return true;
        }

        void take(int j) {
            taken[j] = true;
            perItem[p.itemOf[j]]++;
            total += p.priority[j];
            for (int k = p.memberStart[j]; k < p.memberStart[j + 1]; k++) {
                used[p.memberConstraint[k]] += p.memberUnits[k];
            }
        }

        /** Candidates by adjusted value at λ, best first (only positive ones if asked); each taken if it fits. */
        void takeByAdjustedValue(double[] lambda, boolean positiveOnly) {
            long[] keys = new long[p.candidates];
            int n = 0;
            for (int j = 0; j < p.candidates; j++) {
                double a = adjusted(j, lambda);
                if ((a > 0 || !positiveOnly) && p.priority[j] > 0) {
                    keys[n++] = key(a, j);
                }
            }
            takeInOrder(keys, n);
        }

        /** Every candidate left, highest priority first; each taken if it fits. */
        void fill() {
            long[] keys = new long[p.candidates];
            int n = 0;
            for (int j = 0; j < p.candidates; j++) {
                if (!taken[j] && p.priority[j] > 0) {
                    keys[n++] = key(p.priority[j], j);
                }
            }
            takeInOrder(keys, n);
        }

        private void takeInOrder(long[] keys, int n) {
            Arrays.parallelSort(keys, 0, n);
            for (int t = 0; t < n; t++) {
                int j = (int) keys[t];
                if (fits(j)) {
                    take(j);
                }
            }
        }

        Allocation result(double dualBound) {
            int count = 0;
            for (boolean t : taken) {
                if (t) {
                    count++;
                }
            }
            int[] chosen = new int[count];
            int n = 0;
            double sum = 0;
            for (int j = 0; j < p.candidates; j++) {
                if (taken[j]) {
                    chosen[n++] = j;
                    sum += p.priority[j];
                }
            }
            double gap = dualBound <= 0 ? 0 : Math.max(0, (dualBound - sum) / dualBound);
            return new Allocation(chosen, sum, dualBound, gap, used.clone(), heldBack());
        }

        /** Items whose top candidates by priority were not all kept while a constraint had no room for one. */
        private int[][] heldBack() {
            int m = p.constraints();
            int[][] held = new int[m][];
            for (int c = 0; c < m; c++) {
                int[] items = new int[itemsOf[c].length];
                int n = 0;
                for (int i : itemsOf[c]) {
                    if (heldBackBy(i, c)) {
                        items[n++] = i;
                    }
                }
                held[c] = Arrays.copyOf(items, n);
            }
            return held;
        }

        private boolean heldBackBy(int i, int c) {
            int from = p.itemStart[i];
            int to = p.itemStart[i + 1];
            // The item's top maxPerItem candidates by priority (first in order among equals).
            int[] top = new int[Math.min(p.maxPerItem, to - from)];
            int n = 0;
            for (int j = from; j < to; j++) {
                if (p.priority[j] <= 0) {
                    continue;
                }
                if (n < top.length) {
                    top[n++] = j;
                } else {
                    int worst = 0;
                    for (int t = 1; t < n; t++) {
                        if (p.priority[top[t]] < p.priority[top[worst]]) {
                            worst = t;
                        }
                    }
                    if (p.priority[j] > p.priority[top[worst]]) {
                        top[worst] = j;
                    }
                }
            }
            for (int t = 0; t < n; t++) {
                int j = top[t];
                long w = p.units(j, c);
                if (!taken[j] && w > 0 && used[c] + w > p.capacity[c]) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Sorts descending by value (as a float, of either sign), then ascending by candidate index. */
    private static long key(double value, int j) {
        int bits = Float.floatToIntBits((float) value);
        int ascending = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        return ((long) ~ascending << 32) | j;
    }
}
