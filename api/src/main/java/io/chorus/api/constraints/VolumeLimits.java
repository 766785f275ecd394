package io.chorus.api.constraints;

import io.chorus.engine.constraints.Capacity;
import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.Channel;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.OutsideFacts;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's side of volume constraints: what is left of each (the engine's outside facts for a decision),
 * and taking the units of what a decision shows, exactly, whatever the concurrency and however many instances.
 * A period is the day or week (from Monday) the decision's {@code asOf} falls in, in the deployment's time zone
 * ({@code chorus.constraints.time-zone}, default UTC).
 */
@Context
@Singleton
public class VolumeLimits {
    private final ConstraintStore store;
    private final ZoneId zone;

    public VolumeLimits(ConstraintStore store, @Value("${chorus.constraints.time-zone:UTC}") String timeZone) {
        this.store = store;
        this.zone = zone(timeZone);
    }

    /** Read at start ({@code @Context}), so a zone that does not exist stops the service, not every decision. */
    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            throw new io.micronaut.context.exceptions.ConfigurationException("chorus.constraints.time-zone "
                    + "(CHORUS_CONSTRAINTS_TIME_ZONE): \"" + timeZone + "\" is not a time zone; give a region such as "
                    + "Europe/London, or UTC");
        }
    }

    /** The first day of the constraint's period that {@code at} falls in. */
    public LocalDate periodStart(VolumeConstraint c, Instant at) {
        return Capacity.periodStart(c.period(), at, zone);
    }

    /** What is left, now, of each constraint that can count an action on this channel. */
    public OutsideFacts remaining(List<VolumeConstraint> constraints, Channel channel, Instant asOf) {
        List<VolumeConstraint> here = constraints.stream()
                .filter(c -> c.channel() == null || c.channel() == channel).toList();
        if (here.isEmpty()) {
            return OutsideFacts.NONE;
        }
        Map<String, BigDecimal> used = used(here, asOf);
        Map<String, BigDecimal> left = new HashMap<>();
        for (VolumeConstraint c : here) {
            left.put(c.name(), c.capacity().subtract(used.getOrDefault(c.name(), BigDecimal.ZERO)).max(BigDecimal.ZERO));
        }
        return new OutsideFacts(left).inZone(zone);
    }

    /** True when the decision shows an action some constraint counts. */
    public boolean counts(List<VolumeConstraint> constraints, Decision decision) {
        for (Action action : decision.actions()) {
            for (VolumeConstraint c : constraints) {
                if (c.counts(decision.channel(), action.type(), action.key())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Units taken for one decision, to give back if it cannot be recorded. */
    public record Taken(List<Unit> units) {
        public static final Taken NOTHING = new Taken(List.of());
    }

    /** What a decision uses of one constraint in one period, out of the period's capacity. */
    public record Unit(String name, LocalDate periodStart, BigDecimal units, BigDecimal capacity) {
    }

    /**
     * Takes the units of every action the decision shows, all or none; null when another decision took the room
     * first (then nothing was taken, and the caller decides again on what is left). What is taken of one constraint
     * is never seen by other decisions until all of it is: a decision that gets a letter but not its postage
     * cannot, even for a moment, hold back another decision's letter.
     */
    public Taken take(List<VolumeConstraint> constraints, Decision decision) {
        Map<String, Unit> byName = new TreeMap<>();
        for (Action action : decision.actions()) {
            for (VolumeConstraint c : constraints) {
                if (c.counts(decision.channel(), action.type(), action.key())) {
                    byName.merge(c.name(), new Unit(c.name(), periodStart(c, decision.asOf()), c.units(), c.capacity()),
                            (a, b) -> new Unit(a.name(), a.periodStart(), a.units().add(b.units()), a.capacity()));
                }
            }
        }
        if (byName.isEmpty()) {
            return Taken.NOTHING;
        }
        // In name order, as every decision takes them, so two decisions never wait for each other's rows.
        List<Unit> units = List.copyOf(byName.values());
        return store.takeAll(units) ? new Taken(units) : null;
    }

    public void giveBack(Taken taken) {
        for (Unit unit : taken.units()) {
            store.giveBack(unit.name(), unit.periodStart(), unit.units());
        }
    }

    /** A line of GET /v1/constraints. */
    public record Usage(String name, String period, LocalDate periodStart, BigDecimal limit, BigDecimal used,
                        BigDecimal remaining, String channel, String type, String key) {
    }

    /** What the period {@code at} falls in has used of each constraint already, by name; absent means none. */
    public Map<String, BigDecimal> used(List<VolumeConstraint> constraints, Instant at) {
        Map<String, LocalDate> starts = new LinkedHashMap<>();
        constraints.forEach(c -> starts.put(c.name(), periodStart(c, at)));
        return store.used(starts);
    }

    public List<Usage> usage(List<VolumeConstraint> constraints, Instant at) {
        Map<String, BigDecimal> used = used(constraints, at);
        List<Usage> usage = new ArrayList<>();
        for (VolumeConstraint c : constraints) {
            BigDecimal spent = used.getOrDefault(c.name(), BigDecimal.ZERO);
            if (c.budget() == null) {
                // The store keeps pennies for budgets; a count is a number of actions (3, not 3.00).
                spent = spent.setScale(0, RoundingMode.CEILING);
            }
            usage.add(new Usage(c.name(), c.period().name(), periodStart(c, at), c.capacity(), spent,
                    c.capacity().subtract(spent).max(BigDecimal.ZERO), c.channel() == null ? null : c.channel().name(),
                    c.type() == null ? null : c.type().name(), c.key()));
        }
        return usage;
    }
}
