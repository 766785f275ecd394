package io.chorus.api.constraints;

import io.chorus.engine.constraints.Capacity;
import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.Channel;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.OutsideFacts;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The service's side of volume constraints: what is left of each (the engine's outside facts for a decision),
 * and taking the units of what a decision shows, exactly, whatever the concurrency and however many instances.
 * A period is the day or week (from Monday) the decision's {@code asOf} falls in, in the deployment's time zone
 * ({@code chorus.constraints.time-zone}, default UTC).
 * <p>
 * While a constraint has plenty left, this instance takes its units from a lease ({@link ConstraintLeases}): a
 * block of the period set aside in the store, counted down in memory. Near the limit every decision takes its
 * units from the store, one statement each, so the limit is reached exactly and never passed.
 */
@Context
@Singleton
public class VolumeLimits {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeLimits.class);
    private final ConstraintStore store;
    private final ZoneId zone;
    private final ConstraintLeases leases;
    /**
     * Constraints this instance found used up, by constraint and period, with the moment (System.nanoTime) until
     * which it trusts that without asking the store again. Once a day's letters are gone, every decision that would
     * show one was reading the counters and deciding a second time; while trusted it is decided once, the letter
     * held back from the start. The trust of the current period's entries is renewed off the decision path
     * ({@link #refreshUsedUp}), so no decision pays for asking again; a unit given back meanwhile (a decision that
     * could not be recorded, a lease released) waits for the next renewal: fewer shown for a moment, never more.
     */
    private final ConcurrentMap<UsedUp, Long> usedUp = new ConcurrentHashMap<>();
    static final Duration TRUST_USED_UP = Duration.ofSeconds(1);

    private record UsedUp(VolumeConstraint constraint, LocalDate periodStart) {
    }

    /** With leases of the default size. */
    public VolumeLimits(ConstraintStore store, String timeZone) {
        this(store, timeZone, "0.02", "0.10");
    }

    @Inject
    public VolumeLimits(ConstraintStore store, @Value("${chorus.constraints.time-zone:UTC}") String timeZone,
                        @Value("${chorus.constraints.lease-fraction:0.02}") String leaseFraction,
                        @Value("${chorus.constraints.lease-reserve:0.10}") String leaseReserve) {
        this.store = store;
        this.zone = zone(timeZone);
        BigDecimal block = fraction("chorus.constraints.lease-fraction (CHORUS_CONSTRAINTS_LEASE_FRACTION)",
                leaseFraction, new BigDecimal("0.25"));
        BigDecimal reserve = fraction("chorus.constraints.lease-reserve (CHORUS_CONSTRAINTS_LEASE_RESERVE)",
                leaseReserve, new BigDecimal("0.90"));
        this.leases = new ConstraintLeases(store, block, reserve, c -> periodStart(c, Instant.now()));
    }

    /** A share of a constraint's capacity, read at start like the zone: a bad one stops the service. */
    private static BigDecimal fraction(String setting, String value, BigDecimal most) {
        try {
            BigDecimal fraction = new BigDecimal(value.trim());
            if (fraction.signum() >= 0 && fraction.compareTo(most) <= 0) {
                return fraction;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new io.micronaut.context.exceptions.ConfigurationException(setting + ": \"" + value
                + "\" is not a share of a constraint's capacity; give a number from 0 to " + most.toPlainString()
                + ", such as 0.05");
    }

    /** Settles and gives back this instance's leases, so a stopped instance holds nothing in the store. */
    @PreDestroy
    void giveBackLeases() {
        leases.close();
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
        Map<String, BigDecimal> used = used(here, asOf); // held by leases too: those units are not free
        Map<String, BigDecimal> left = new HashMap<>();
        long trustedUntil = System.nanoTime() + TRUST_USED_UP.toNanos();
        for (VolumeConstraint c : here) {
            BigDecimal room = c.capacity().subtract(used.getOrDefault(c.name(), BigDecimal.ZERO)).max(BigDecimal.ZERO);
            left.put(c.name(), room);
            if (room.compareTo(c.units()) < 0) {
                usedUp.put(new UsedUp(c, periodStart(c, asOf)), trustedUntil);
            }
        }
        return new OutsideFacts(left).inZone(zone);
    }

    /**
     * What a decision can know before it is made, without asking the store: the constraints on this channel this
     * instance found used up in the period of {@code asOf} less than {@link #TRUST_USED_UP} ago, with nothing left.
     * Decided on these, an action they count is held back from the start and the next one takes its place.
     */
    public OutsideFacts knownUsedUp(List<VolumeConstraint> constraints, Channel channel, Instant asOf) {
        if (usedUp.isEmpty()) {
            return OutsideFacts.NONE;
        }
        long now = System.nanoTime();
        // What is no longer trusted goes, so the map holds the last second's used-up limits and no old periods.
        usedUp.values().removeIf(until -> now - until > 0);
        Map<String, BigDecimal> none = null;
        for (VolumeConstraint c : constraints) {
            if ((c.channel() != null && c.channel() != channel)
                    || !usedUp.containsKey(new UsedUp(c, periodStart(c, asOf)))) {
                continue;
            }
            if (none == null) {
                none = new HashMap<>();
            }
            none.put(c.name(), BigDecimal.ZERO);
        }
        return none == null ? OutsideFacts.NONE : new OutsideFacts(none).inZone(zone);
    }

    /**
     * Every half second, asks the store once whether what this instance knows used up in the current period still
     * is: renewed if so, forgotten if room came back. Entries of other periods (decisions dated in the past) are
     * left to expire.
     */
    @Scheduled(fixedDelay = "500ms", initialDelay = "500ms")
    void refreshUsedUp() {
        if (usedUp.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Map<String, UsedUp> byName = new HashMap<>();
        Map<String, LocalDate> periods = new HashMap<>();
        for (UsedUp u : usedUp.keySet()) {
            if (u.periodStart().equals(periodStart(u.constraint(), now))) {
                byName.put(u.constraint().name(), u);
                periods.put(u.constraint().name(), u.periodStart());
            }
        }
        if (byName.isEmpty()) {
            return;
        }
        Map<String, ConstraintStore.Counter> counters;
        try {
            counters = store.counters(periods);
        } catch (RuntimeException e) {
            LOG.debug("Could not renew the used-up constraints: {}", e.toString());
            return; // the store is away: they expire, and decisions ask themselves
        }
        long trustedUntil = System.nanoTime() + TRUST_USED_UP.toNanos();
        byName.forEach((name, u) -> {
            BigDecimal spoken = counters.getOrDefault(name, ConstraintStore.Counter.NONE).spoken();
            if (u.constraint().capacity().subtract(spoken).compareTo(u.constraint().units()) < 0) {
                usedUp.replace(u, trustedUntil);
            } else {
                usedUp.remove(u);
            }
        });
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

    /**
     * Units taken for one decision, from the store and from this instance's leases, to give back if it cannot be
     * recorded.
     */
    public record Taken(List<Unit> units, List<Unit> leased) {
        public static final Taken NOTHING = new Taken(List.of());

        public Taken(List<Unit> units) {
            this(units, List.of());
        }
    }

    /**
     * A decision whose units were taken as it was made: what it took, and what each constraint it counts against had
     * left before (the remaining-capacity facts it stands on, for the record and a replay).
     */
    public record Counted(Taken taken, OutsideFacts facts) {
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
        Counted counted = takeAsMade(constraints, decision);
        return counted == null ? null : counted.taken();
    }

    /**
     * Takes the units of a decision made without remaining-capacity facts straight from the store, when every
     * constraint it counts has room for them; null (nothing taken) otherwise. Near a limit this is one round trip
     * instead of reading the counters, deciding again and then taking: a decision that fits stands as made (the
     * engine holds back only an action that does not fit), and deciding again on the room returned gives the same
     * decision.
     */
    public Counted takeAsMade(List<VolumeConstraint> constraints, Decision decision) {
        List<ConstraintLeases.Need> needs = needs(constraints, decision);
        if (needs.isEmpty()) {
            return new Counted(Taken.NOTHING, OutsideFacts.NONE);
        }
        // In name order, as every decision takes them, so two decisions never wait for each other's rows.
        List<Unit> units = units(needs);
        Map<String, BigDecimal> before = store.takeAll(units);
        return before == null ? null : new Counted(new Taken(units), new OutsideFacts(before).inZone(zone));
    }

    /**
     * Near a limit, the units a decision made without remaining-capacity facts takes of the one constraint it counts,
     * to be taken as the decision is recorded, by the statement that writes it, only where they still fit; null where
     * it counts several constraints ({@link #takeAsMade} takes those beforehand, all or none).
     */
    public Unit takenOnRecord(List<VolumeConstraint> constraints, Decision decision) {
        List<ConstraintLeases.Need> needs = needs(constraints, decision);
        return needs.size() == 1 ? units(needs).get(0) : null;
    }

    /**
     * The facts a decision taken on record stands on until the store writes the room it had: the units it needs
     * (they fit, or nothing of it is written).
     */
    public OutsideFacts needing(Unit unit) {
        return new OutsideFacts(Map.of(unit.name(), unit.units())).inZone(zone);
    }

    private static List<Unit> units(List<ConstraintLeases.Need> needs) {
        return needs.stream().map(n -> new Unit(n.constraint().name(), n.periodStart(), n.units(),
                n.constraint().capacity())).toList();
    }

    /**
     * Takes the units of a decision made without remaining-capacity facts from this instance's leases, when every
     * constraint it counts has a lease with room for them; null (nothing taken) otherwise, and the decision is to
     * be made on what the store has left and taken from it ({@link #take}). Where every lease has room, the engine
     * holds nothing back ({@code Capacity} limits only an action that does not fit), so the decision stands as
     * made, and deciding again on the facts returned gives the same decision.
     */
    public Counted takeFromLeases(List<VolumeConstraint> constraints, Decision decision) {
        List<ConstraintLeases.Need> needs = needs(constraints, decision);
        if (needs.isEmpty()) {
            return null;
        }
        Map<String, BigDecimal> before = leases.take(needs);
        if (before == null) {
            return null;
        }
        return new Counted(new Taken(List.of(), units(needs)), new OutsideFacts(before).inZone(zone));
    }

    /** What the decision's actions use of each constraint that counts them, in name order. */
    private List<ConstraintLeases.Need> needs(List<VolumeConstraint> constraints, Decision decision) {
        Map<String, ConstraintLeases.Need> byName = new TreeMap<>();
        for (Action action : decision.actions()) {
            for (VolumeConstraint c : constraints) {
                if (c.counts(decision.channel(), action.type(), action.key())) {
                    byName.merge(c.name(), new ConstraintLeases.Need(c, periodStart(c, decision.asOf()), c.units()),
                            (a, b) -> new ConstraintLeases.Need(c, a.periodStart(), a.units().add(b.units())));
                }
            }
        }
        return List.copyOf(byName.values());
    }

    public void giveBack(Taken taken) {
        for (Unit unit : taken.units()) {
            store.giveBack(unit.name(), unit.periodStart(), unit.units());
        }
        for (Unit unit : taken.leased()) {
            leases.giveBack(unit.name(), unit.periodStart(), unit.units());
        }
    }

    /**
     * A line of GET /v1/constraints: {@code used} is what was shown (this instance's leases settled first),
     * {@code held} what instances' leases set aside and have not shown yet, {@code remaining} the rest.
     */
    public record Usage(String name, String period, LocalDate periodStart, BigDecimal limit, BigDecimal used,
                        BigDecimal held, BigDecimal remaining, String channel, String type, String key) {
    }

    /**
     * What the period {@code at} falls in has already spoken for of each constraint, by name (absent means nothing):
     * units shown, and units instances' leases hold; either way no decision can take them from the store.
     */
    public Map<String, BigDecimal> used(List<VolumeConstraint> constraints, Instant at) {
        Map<String, BigDecimal> used = new HashMap<>();
        counters(constraints, at).forEach((name, counter) -> used.put(name, counter.spoken()));
        return used;
    }

    private Map<String, ConstraintStore.Counter> counters(List<VolumeConstraint> constraints, Instant at) {
        Map<String, LocalDate> starts = new LinkedHashMap<>();
        constraints.forEach(c -> starts.put(c.name(), periodStart(c, at)));
        return store.counters(starts);
    }

    public List<Usage> usage(List<VolumeConstraint> constraints, Instant at) {
        // This instance's shown units counted first, so one instance alone reports exactly what it showed.
        leases.settle(false);
        Map<String, ConstraintStore.Counter> counters = counters(constraints, at);
        List<Usage> usage = new ArrayList<>();
        for (VolumeConstraint c : constraints) {
            ConstraintStore.Counter counter = counters.getOrDefault(c.name(), ConstraintStore.Counter.NONE);
            BigDecimal spent = counter.used();
            BigDecimal held = counter.held();
            if (c.budget() == null) {
                // The store keeps pennies for budgets; a count is a number of actions (3, not 3.00).
                spent = spent.setScale(0, RoundingMode.CEILING);
                held = held.setScale(0, RoundingMode.CEILING);
            }
            usage.add(new Usage(c.name(), c.period().name(), periodStart(c, at), c.capacity(), spent, held,
                    c.capacity().subtract(spent).subtract(held).max(BigDecimal.ZERO),
                    c.channel() == null ? null : c.channel().name(), c.type() == null ? null : c.type().name(),
                    c.key()));
        }
        return usage;
    }
}
