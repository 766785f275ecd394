package io.chorus.simulator.run;

import io.chorus.engine.context.Channel;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How to run: every customer is decided on each of {@code channels} as of {@code asOf}. {@code strict} stops at the
 * first bad record; {@code workers} threads decide in parallel; {@code sampleSize} caps every sample in the report.
 */
public record SimulationSettings(List<Channel> channels, Instant asOf, int maxActions, boolean strict, int workers,
                                 int sampleSize) implements Serializable {
    public SimulationSettings {
        channels = List.copyOf(new LinkedHashSet<>(channels)); // a channel named twice is decided once
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one channel");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("at least one worker");
        }
    }
}
