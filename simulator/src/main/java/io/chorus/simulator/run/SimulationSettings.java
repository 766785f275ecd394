package io.chorus.simulator.run;

import io.chorus.engine.context.Channel;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How to run: every customer is decided on each of {@code channels} as of {@code asOf}. {@code strict} stops at the
 * first bad record; {@code workers} threads decide in parallel; {@code sampleSize} caps every sample in the report;
 * the value finder counts an action whose propensity is under {@code valueThreshold} as not worth showing.
 */
public record SimulationSettings(List<Channel> channels, Instant asOf, int maxActions, boolean strict, int workers,
                                 int sampleSize, double valueThreshold) implements Serializable {
    /** The value finder's threshold unless told otherwise: an action one customer in ten would take. */
    public static final double DEFAULT_VALUE_THRESHOLD = 0.10;

    public SimulationSettings {
        channels = List.copyOf(new LinkedHashSet<>(channels)); // a channel named twice is decided once
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one channel");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("at least one worker");
        }
        if (!(valueThreshold >= 0 && valueThreshold <= 1)) {
            throw new IllegalArgumentException("a value threshold between 0 and 1");
        }
    }

    /** With the default value threshold. */
    public SimulationSettings(List<Channel> channels, Instant asOf, int maxActions, boolean strict, int workers,
                              int sampleSize) {
        this(channels, asOf, maxActions, strict, workers, sampleSize, DEFAULT_VALUE_THRESHOLD);
    }
}
