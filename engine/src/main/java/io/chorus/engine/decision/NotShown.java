package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;

/**
 * A candidate nobody blocked that this decision still does not show: the channel cannot present its type,
 * or it ranked below {@code maxActions}. Listed so that nothing disappears without a word.
 */
public record NotShown(String actionId, ActionType type, String title, double priority, String reason) {
}
