package io.chorus.simulator.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation on generated problems shaped like outbound runs: few distinct priorities (rules give many
 * customers the same one), counts and cost budgets, constraints that count the same candidates.
 */
class AllocatorTest {

    /** A generated problem: {@code items} customers-and-channels, random constraints, some tight, some loose. */
    static AllocationProblem generate(long seed, int items, int constraintCount, int maxPerItem) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> names = new ArrayList<>();
        long[] capacity = new long[constraintCount];
        long[] cost = new long[constraintCount];
        double[] share = new double[constraintCount];
        for (int c = 0; c < constraintCount; c++) {
            names.add("c" + c);
            boolean budget = random.nextBoolean();
            cost[c] = budget ? 100 + random.nextInt(4000) : 1; // a budget in pennies, or a count
            share[c] = 0.05 + random.nextDouble() * 0.5;       // how many candidates it counts
            // From far too little to more than enough.
            long demand = Math.round(items * share[c] * cost[c]);
            capacity[c] = Math.round(demand * random.nextDouble() * (random.nextInt(4) == 0 ? 2.0 : 0.5));
        }
        double[] levels = {0.12, 0.25, 0.25, 0.4, 0.55, 0.8, 1.3, 2.0};
        AllocationProblem.Builder b = AllocationProblem.builder(names, capacity, maxPerItem);
        for (int i = 0; i < items; i++) {
            b.addItem();
            int candidates = random.nextInt(5);
            for (int j = 0; j < candidates; j++) {
                double priority = random.nextInt(3) == 0 ? random.nextDouble() * 2
                        : levels[random.nextInt(levels.length)];
                b.addCandidate(priority);
                for (int c = 0; c < constraintCount; c++) {
                    if (random.nextDouble() < share[c]) {
                        b.counts(c, cost[c]);
                    }
                }
            }
        }
        return b.build();
    }

    static void assertFeasible(AllocationProblem p, Allocation a) {
        long[] used = new long[p.constraints()];
        int[] perItem = new int[p.items()];
        double total = 0;
        int previous = -1;
        for (int j : a.chosen()) {
            assertThat(j).isGreaterThan(previous);
            previous = j;
            assertThat(p.priority(j)).isPositive();
            perItem[p.itemOf(j)]++;
            total += p.priority(j);
            for (int c = 0; c < p.constraints(); c++) {
                used[c] += p.units(j, c);
            }
        }
        for (int c = 0; c < p.constraints(); c++) {
            assertThat(used[c]).as("units used of %s", p.name(c)).isLessThanOrEqualTo(p.capacity(c))
                    .isEqualTo(a.used()[c]);
        }
        for (int count : perItem) {
            assertThat(count).isLessThanOrEqualTo(p.maxPerItem());
        }
        assertThat(a.totalPriority()).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-6));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void neverExceedsALimitAndLiesBetweenGreedyAndTheBound(long seed) {
        AllocationProblem p = generate(seed, 20_000, 1 + (int) (seed % 4), seed % 3 == 0 ? 2 : 1);

        Allocation greedy = Allocator.greedy(p);
        Allocation ours = Allocator.optimise(p);

        assertFeasible(p, greedy);
        assertFeasible(p, ours);
        assertThat(ours.totalPriority()).isGreaterThanOrEqualTo(greedy.totalPriority());
        assertThat(ours.totalPriority()).isLessThanOrEqualTo(ours.upperBound() * (1 + 1e-9));
        assertThat(ours.gap()).isEqualTo((ours.upperBound() - ours.totalPriority()) / ours.upperBound(),
                org.assertj.core.data.Offset.offset(1e-12));
        // On problems this large the relaxation is nearly integral: the bound is within a percent.
        assertThat(ours.gap()).isLessThan(0.01);
    }

    @Test
    void beatsGreedyWhereTheHighestPriorityUsesTheMostBudget() {
        // Each customer: an expensive action worth 1.0 (cost 10) or a cheap one worth 0.6 (cost 1); budget 100.
        // Greedy spends the budget on ten expensive ones (10.0); the best is a hundred cheap ones (60.0).
        AllocationProblem.Builder b = AllocationProblem.builder(List.of("budget"), new long[] {100}, 1);
        for (int i = 0; i < 200; i++) {
            b.addItem();
            b.addCandidate(1.0);
            b.counts(0, 10);
            b.addCandidate(0.6);
            b.counts(0, 1);
        }
        AllocationProblem p = b.build();

        Allocation greedy = Allocator.greedy(p);
        Allocation ours = Allocator.optimise(p);

        assertThat(greedy.totalPriority()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ours.totalPriority()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ours.upperBound()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ours.used()).containsExactly(100);
        // Every customer lost the action worth 1.0 to the budget.
        assertThat(ours.heldBack(0)).hasSize(200);
    }

    @Test
    void withoutBindingConstraintsEveryItemGetsItsBestAndTheGapIsZero() {
        AllocationProblem.Builder b = AllocationProblem.builder(List.of("letters"), new long[] {1000}, 1);
        for (int i = 0; i < 50; i++) {
            b.addItem();
            b.addCandidate(0.3);
            b.counts(0, 1);
            b.addCandidate(0.9);
            b.addCandidate(-1);
        }
        Allocation ours = Allocator.optimise(b.build());

        assertThat(ours.chosen()).hasSize(50);
        assertThat(ours.totalPriority()).isCloseTo(45.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ours.gap()).isZero();
        assertThat(ours.used()).containsExactly(0);
        assertThat(ours.heldBack(0)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void smallProblemsAgainstTheBruteForceOptimum(long seed) {
        AllocationProblem p = generate(seed, 7, 1 + (int) (seed % 3), 1);

        double optimum = bruteForce(p, 0, new long[p.constraints()], 0);
        Allocation ours = Allocator.optimise(p);
        Allocation greedy = Allocator.greedy(p);

        assertFeasible(p, ours);
        assertThat(ours.totalPriority()).isLessThanOrEqualTo(optimum + 1e-9)
                .isGreaterThanOrEqualTo(greedy.totalPriority() - 1e-12);
        assertThat(optimum).isLessThanOrEqualTo(ours.upperBound() + 1e-9);
    }

    /** The best total over every choice of at most one candidate per item that fits. */
    private static double bruteForce(AllocationProblem p, int item, long[] used, double sum) {
        if (item == p.items()) {
            return sum;
        }
        double best = bruteForce(p, item + 1, used, sum);
        int end = item + 1 < p.items() ? p.firstCandidate(item + 1) : p.candidates();
        for (int j = p.firstCandidate(item); j < end; j++) {
            if (p.priority(j) <= 0) {
                continue;
            }
            boolean fits = true;
            for (int c = 0; c < p.constraints(); c++) {
                fits &= used[c] + p.units(j, c) <= p.capacity(c);
            }
            if (!fits) {
                continue;
            }
            for (int c = 0; c < p.constraints(); c++) {
                used[c] += p.units(j, c);
            }
            best = Math.max(best, bruteForce(p, item + 1, used, sum + p.priority(j)));
            for (int c = 0; c < p.constraints(); c++) {
                used[c] -= p.units(j, c);
            }
        }
        return best;
    }

    @Test
    void twoMillionItemsInSeconds() {
        AllocationProblem p = generate(99, 2_000_000, 3, 1);
        long started = System.nanoTime();
        Allocation ours = Allocator.optimise(p);
        double seconds = (System.nanoTime() - started) / 1e9;

        System.out.printf("2,000,000 items, 3 constraints: %.1f s, gap %.5f%n", seconds, ours.gap());
        assertFeasible(p, ours);
        assertThat(ours.gap()).isLessThan(0.01);
        // Generous for a shared build machine; alone on two cores it takes a few seconds.
        assertThat(seconds).as("seconds to allocate 2,000,000 items").isLessThan(30);
    }
}
