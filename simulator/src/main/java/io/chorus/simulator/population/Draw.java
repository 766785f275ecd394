package io.chorus.simulator.population;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** The random choices behind one synthetic customer, from a generator that depends only on seed and index. */
final class Draw {
    private final SplittableRandom random;

    private Draw(SplittableRandom random) {
        this.random = random;
    }

    /**
     * Each customer draws from its own stream, seeded by (seed, index): customer 123 is the same whether the
     * file has 200 customers or two million, and customers can be generated in any order.
     */
    static Draw forCustomer(long seed, long index) {
        return new Draw(new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index)));
    }

    /** SplitMix64's finaliser: neighbouring indices get unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** A whole number from {@code from} to {@code to}, both included. */
    int between(int from, int to) {
        return random.nextInt(from, to + 1);
    }

    long below(long bound) {
        return random.nextLong(bound);
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    @SafeVarargs
    final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Money from {@code fromPence} to {@code toPence}, two decimals. */
    BigDecimal money(int fromPence, int toPence) {
        return BigDecimal.valueOf(between(fromPence, toPence), 2);
    }

    /** A version-4 shaped UUID from this customer's stream, so decision ids in contact history are reproducible. */
    String uuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
