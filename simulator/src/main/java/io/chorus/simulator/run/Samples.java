package io.chorus.simulator.run;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The first {@code limit} items in population order: a bounded sample that comes out the same however the
 * population was split between threads. Items are only built when they will be kept.
 */
final class Samples<T> implements Serializable {
    private final int limit;
    private final TreeMap<Long, T> kept = new TreeMap<>();

    Samples(int limit) {
        this.limit = limit;
    }

    void offer(long ordinal, Supplier<T> item) {
        if (limit == 0) {
            return;
        }
        if (kept.size() < limit) {
            kept.put(ordinal, item.get());
        } else if (ordinal < kept.lastKey()) {
            kept.pollLastEntry();
            kept.put(ordinal, item.get());
        }
    }

    void merge(Samples<T> other) {
        other.kept.forEach((ordinal, item) -> offer(ordinal, () -> item));
    }

    List<T> values() {
        return new ArrayList<>(kept.values());
    }
}
