package io.chorus.engine.learning;

import io.chorus.engine.context.Channel;

/** A model: one per action key, or per key and channel where the analyst asks ({@code channel} null otherwise). */
public record ModelId(String key, Channel channel) {
    @Override
    public String toString() {
        return channel == null ? key : key + "@" + channel;
    }
}
