package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;

import java.math.BigDecimal;
import java.util.List;

/**
 * An action shown on the channel; {@code amount} only for a CREDIT. {@code propensity} is the figure the priority
 * used, {@code fallback} says it is shown only because nothing else qualified.
 */
public record Action(String actionId, ActionType type, String title, String message, BigDecimal amount,
                     double priority, List<Reason> reasons, boolean mandatory, Purpose purpose, String key,
                     boolean fallback, double propensity, PropensitySource propensitySource) implements java.io.Serializable {
}
