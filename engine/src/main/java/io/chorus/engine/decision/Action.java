package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;

import java.math.BigDecimal;
import java.util.List;

/** An action shown on the channel; {@code amount} only for a CREDIT. */
public record Action(String actionId, ActionType type, String title, String message, BigDecimal amount,
                     double priority, List<Reason> reasons, boolean mandatory, Purpose purpose, String key) {
}
