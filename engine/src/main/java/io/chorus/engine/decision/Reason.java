package io.chorus.engine.decision;

/** One sentence of explanation and the rule that wrote it. */
public record Reason(String rule, String text) implements java.io.Serializable {
}
