package io.chorus.engine.context;

/** One entry of the context's consent map, as a fact rules can match. */
public record Consent(Channel channel, boolean granted) {
}
