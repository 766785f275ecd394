package io.chorus.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * What scoring with learned models adds to a decision, measured in pairs: one thread alternates short rounds of
 * {@link DecisionBenchmark#decide} and {@link DecisionBenchmark#decideWithModels} over the same customers, and the
 * figure is the median of the rounds' ratios. On a shared or virtual machine the speed drifts by a third within a
 * minute, which separate JMH runs of the two read as a difference between them; a drift this slow affects both
 * halves of a 100 ms pair alike.
 * <p>
 * Usage: {@code benchmarks/scoring-overhead.sh [rounds]} (default 200, after 60 warm-up rounds).
 */
public final class ScoringOverhead {
    private static final int DECISIONS_PER_HALF = 1_000;
    /** Where the actions shown go, so the JIT cannot drop the decisions as unused. */
    private static volatile long shownSoFar;

    private ScoringOverhead() {
    }

    public static void main(String[] args) throws Exception {
        String rules = args.length > 0 ? args[0] : "rules";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        DecisionBenchmark bench = new DecisionBenchmark();
        bench.rulesDir = rules;
        bench.population = "";
        bench.size = 5000;
        bench.load();
        DecisionBenchmark.Cursor plain = new DecisionBenchmark.Cursor();
        DecisionBenchmark.Cursor scored = new DecisionBenchmark.Cursor();
        for (int i = 0; i < 60; i++) {
            half(bench, plain, false);
            half(bench, scored, true);
        }
        List<Double> ratios = new ArrayList<>();
        long plainNanos = 0;
        long scoredNanos = 0;
        for (int i = 0; i < rounds; i++) {
            // Which half goes first alternates, so neither always follows a garbage collection of the other's.
            boolean plainFirst = i % 2 == 0;
            long a = plainFirst ? half(bench, plain, false) : half(bench, scored, true);
            long b = plainFirst ? half(bench, scored, true) : half(bench, plain, false);
            long p = plainFirst ? a : b;
            long s = plainFirst ? b : a;
            plainNanos += p;
            scoredNanos += s;
            ratios.add((double) s / p);
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        double low = sorted[sorted.length / 4];
        double high = sorted[sorted.length * 3 / 4];
        System.out.printf("%d rounds of %d + %d decisions on one thread%n", rounds, DECISIONS_PER_HALF,
                DECISIONS_PER_HALF);
        System.out.printf("without models: %.0f decisions/s; with models: %.0f decisions/s (over all rounds)%n",
                1e9 * DECISIONS_PER_HALF * rounds / plainNanos, 1e9 * DECISIONS_PER_HALF * rounds / scoredNanos);
        System.out.printf("time with models / without, median of the pairs: %.3f (quartiles %.3f-%.3f): "
                + "scoring costs %.1f%% of decisions per second%n", median, low, high, 100 * (1 - 1 / median));
    }

    /** Nanoseconds for one half-round. */
    private static long half(DecisionBenchmark bench, DecisionBenchmark.Cursor cursor, boolean withModels) {
        long started = System.nanoTime();
        int shown = 0;
        for (int i = 0; i < DECISIONS_PER_HALF; i++) {
            shown += (withModels ? bench.decideWithModels(cursor) : bench.decide(cursor)).actions().size();
        }
        long took = System.nanoTime() - started;
        shownSoFar += shown;
        return took;
    }
}
