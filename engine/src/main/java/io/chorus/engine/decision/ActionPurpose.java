package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;

/** A fact the analysts' table inserts: actions of {@code type} serve {@code purpose}. */
public record ActionPurpose(ActionType type, Purpose purpose) {
}
