package io.chorus.engine.constraints;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;

import java.math.BigDecimal;

/**
 * A limit across customers on the actions shown, per day or week: a count ({@code limit}) or a cost budget
 * ({@code cost} per action against {@code budget}). Channel, type and key narrow what it counts; absent, it
 * counts every channel, type or key.
 */
public record VolumeConstraint(String name, Channel channel, ActionType type, String key, Period period,
                               BigDecimal limit, BigDecimal cost, BigDecimal budget)
        implements java.io.Serializable {

    public enum Period { DAY, WEEK }

    /** True when an action of this type and key shown on this channel counts against the constraint. */
    public boolean counts(Channel on, ActionType actionType, String actionKey) {
        return (channel == null || channel == on) && (type == null || type == actionType)
                && (key == null || key.equals(actionKey));
    }

    /** What one action uses of it: one unit of a count, or its cost of a budget. */
    public BigDecimal units() {
        return cost != null ? cost : BigDecimal.ONE;
    }

    /** The whole count or budget of one period. */
    public BigDecimal capacity() {
        return budget != null ? budget : limit;
    }

    /** The limit in words, for the reason an action is held back. */
    public String describe() {
        String per = period == Period.DAY ? "a day" : "a week";
        return budget != null ? "a budget of " + budget.toPlainString() + " " + per + " at " + cost.toPlainString()
                + " an action" : limit.toPlainString() + " " + per;
    }
}
