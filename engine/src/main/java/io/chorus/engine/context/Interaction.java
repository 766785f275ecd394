package io.chorus.engine.context;

import java.time.Instant;

/** A conversation with the customer on any channel; {@code topic} is free text from the channel's system. */
public record Interaction(Instant at, Channel channel, String topic, String caseId, String note) {
}
