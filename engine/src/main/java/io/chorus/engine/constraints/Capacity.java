package io.chorus.engine.constraints;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The room left in each volume constraint while one decision is arbitrated: an action that fits is counted, so
 * two actions of one decision cannot both take the last unit; one that does not fit is held back by name.
 */
public final class Capacity {
    private final List<VolumeConstraint> constraints;
    private final Map<String, BigDecimal> left;

    public Capacity(List<VolumeConstraint> constraints, Map<String, BigDecimal> remaining) {
        this.constraints = constraints;
        this.left = new HashMap<>(remaining);
    }

    /** Empty and counted when the action fits every constraint that counts it; else the one it does not fit. */
    public Optional<VolumeConstraint> take(Channel channel, ActionType type, String key) {
        for (VolumeConstraint c : constraints) {
            BigDecimal room = left.get(c.name());
            if (room != null && c.counts(channel, type, key) && room.compareTo(c.units()) < 0) {
                return Optional.of(c);
            }
        }
        for (VolumeConstraint c : constraints) {
            if (left.containsKey(c.name()) && c.counts(channel, type, key)) {
                left.put(c.name(), left.get(c.name()).subtract(c.units()));
            }
        }
        return Optional.empty();
    }

    /** The first day of the period {@code asOf} falls in, in UTC (a week starts on Monday). */
    public static LocalDate periodStart(VolumeConstraint.Period period, Instant asOf) {
        return periodStart(period, asOf, ZoneOffset.UTC);
    }

    /** The first day of the period {@code asOf} falls in, in the deployment's time zone (a week starts on Monday). */
    public static LocalDate periodStart(VolumeConstraint.Period period, Instant asOf, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(asOf, zone);
        return period == VolumeConstraint.Period.DAY ? day
                : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
}
