package io.chorus.engine.context;

import java.time.Instant;

/** A satisfaction survey answer, score 0..10. */
public record Survey(Instant at, Channel channel, Integer score) {
}
