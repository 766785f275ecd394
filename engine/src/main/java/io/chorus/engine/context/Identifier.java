package io.chorus.engine.context;

/** Any handle by which the customer is known: all of them resolve to the same person. */
public record Identifier(IdentifierType type, String value) {
}
