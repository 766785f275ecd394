package io.chorus.api.constraints;

import io.chorus.engine.constraints.VolumeConstraint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Blocks of a constraint's current period this instance has set aside in the store ({@code held}), so that while
 * plenty is left a counted decision takes its units in memory instead of updating one row every instance shares.
 * <p>
 * A lease is granted only while, after it, a reserve of the capacity stays unleased: near the limit every decision
 * takes its units from the store one by one, exactly as without leases, so the limit is reached exactly and never
 * passed. The next block is asked for in the background once half of one is left, so decisions seldom wait for the
 * store. Every half second what was shown from each lease moves from held to used; a lease not taken from for two
 * seconds, or whose period has ended, gives back what it did not use. An instance that dies keeps what it held (at
 * most a block and a half per constraint) until the period ends: fewer actions shown, never more.
 */
final class ConstraintLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConstraintLeases.class);
    static final Duration SETTLE_EVERY = Duration.ofMillis(500);
    static final Duration IDLE = Duration.ofSeconds(2);
    /** A lease of one action saves nothing over taking it from the store, and costs a settlement besides. */
    private static final BigDecimal FEWEST_ACTIONS = BigDecimal.valueOf(2);

    private final Counters store;
    private final Duration settleEvery;
    private final BigDecimal blockFraction;
    private final BigDecimal reserveFraction;
    /** The first day of the constraint's period now, in the deployment's time zone. */
    private final Function<VolumeConstraint, LocalDate> currentPeriod;

    /**
     * One settlement at a time, so one that returns has seen every other finish: GET /v1/constraints settles, then
     * reads. Taken before {@code this}, never while holding it.
     */
    private final Object settling = new Object();
    /* Guarded by this: held briefly, never across a statement to the store. */
    private final Map<Key, Lease> leases = new HashMap<>();
    /**
     * Periods this instance was refused a lease in, with the constraint as it was then: near their limit, so taken
     * one by one until they end.
     */
    private final Map<Key, VolumeConstraint> nearTheLimit = new HashMap<>();
    /** Leases a block is being asked for now: one at a time, so an instance holds at most a block and a half. */
    private final java.util.Set<Key> asking = new java.util.HashSet<>();
    private ScheduledExecutorService settler;
    private boolean closed;

    ConstraintLeases(Counters store, BigDecimal blockFraction, BigDecimal reserveFraction,
                     Function<VolumeConstraint, LocalDate> currentPeriod) {
        this(store, blockFraction, reserveFraction, currentPeriod, SETTLE_EVERY);
    }

    ConstraintLeases(Counters store, BigDecimal blockFraction, BigDecimal reserveFraction,
                     Function<VolumeConstraint, LocalDate> currentPeriod, Duration settleEvery) {
        this.settleEvery = settleEvery;
        this.store = store;
        this.blockFraction = blockFraction;
        this.reserveFraction = reserveFraction;
        this.currentPeriod = currentPeriod;
    }

    /** The statements on the store's counters a lease needs ({@link ConstraintStore}'s). */
    interface Counters {
        boolean lease(String name, LocalDate periodStart, BigDecimal block, BigDecimal ceiling);

        void settle(String name, LocalDate periodStart, BigDecimal shown, BigDecimal released);

        void giveBack(String name, LocalDate periodStart, BigDecimal units);
    }

    record Key(String name, LocalDate periodStart) {
    }

    /** What one decision needs of one constraint in one period. */
    record Need(VolumeConstraint constraint, LocalDate periodStart, BigDecimal units) {
        Key key() {
            return new Key(constraint.name(), periodStart);
        }
    }

    /**
     * A lease's units held in the store for this instance, and how many of them decisions have shown since the last
     * settlement; what is left to show is the difference.
     */
    private static final class Lease {
        final VolumeConstraint constraint;
        BigDecimal held = BigDecimal.ZERO;
        BigDecimal shown = BigDecimal.ZERO;
        long lastTaken = System.nanoTime();

        Lease(VolumeConstraint constraint) {
            this.constraint = constraint;
        }

        BigDecimal left() {
            return held.subtract(shown);
        }
    }

    /**
     * The units of one lease: {@code chorus.constraints.lease-fraction} of the capacity in whole actions; zero (never
     * leased) where that is fewer than two actions, so small limits are always taken one by one.
     */
    BigDecimal block(VolumeConstraint c) {
        BigDecimal actions = c.capacity().multiply(blockFraction).divideToIntegralValue(c.units())
                .setScale(0, RoundingMode.DOWN);
        return actions.compareTo(FEWEST_ACTIONS) < 0 ? BigDecimal.ZERO : actions.multiply(c.units());
    }

    /** What used and held together may reach by leases: the capacity less the reserve, in whole pennies. */
    BigDecimal ceiling(VolumeConstraint c) {
        return c.capacity().subtract(c.capacity().multiply(reserveFraction)).setScale(2, RoundingMode.FLOOR);
    }

    /**
     * Takes every need from this instance's leases, extending a lease from the store where it is short; what each
     * lease had left before the take, by constraint name; null (nothing taken) when some need cannot be leased, and
     * the decision is to take its units from the store.
     */
    Map<String, BigDecimal> take(List<Need> needs) {
        for (Need need : needs) {
            if (block(need.constraint()).signum() == 0
                    || !need.periodStart().equals(currentPeriod.apply(need.constraint()))) {
                return null;
            }
        }
        for (int attempt = 1; ; attempt++) {
            List<Need> wanting = new ArrayList<>();
            synchronized (this) {
                if (closed) {
                    return null;
                }
                for (Need need : needs) {
                    if (need.constraint().equals(nearTheLimit.get(need.key()))) {
                        return null; // unless a new rule set changed the limit since
                    }
                    Lease lease = leases.get(need.key());
                    if (lease == null || lease.left().compareTo(need.units()) < 0) {
                        wanting.add(need);
                    }
                }
                if (wanting.isEmpty()) {
                    Map<String, BigDecimal> before = new HashMap<>();
                    List<Need> runningLow = new ArrayList<>();
                    long now = System.nanoTime();
                    for (Need need : needs) {
                        Lease lease = leases.get(need.key());
                        before.put(need.constraint().name(), lease.left());
                        lease.shown = lease.shown.add(need.units());
                        lease.lastTaken = now;
                        if (lease.left().add(lease.left()).compareTo(block(need.constraint())) < 0
                                && asking.add(need.key())) {
                            runningLow.add(need);
                        }
                    }
                    // The next block is asked for in the background while half of this one is left, so decisions
                    // seldom wait for the store.
                    leaseAhead(runningLow);
                    return before;
                }
            }
            if (attempt == 2) {
                return null; // others emptied the new blocks first: rare, and the store decides
            }
            for (Need need : wanting) {
                if (!extend(need)) {
                    return null;
                }
            }
        }
    }

    private void leaseAhead(List<Need> runningLow) {
        for (Need need : runningLow) {
            try {
                settler.execute(() -> {
                    try {
                        ask(need);
                    } finally {
                        asked(need.key());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                asked(need.key()); // stopping: the decision stands on the block it took from
            }
        }
    }

    private synchronized void asked(Key key) {
        asking.remove(key);
        notifyAll();
    }

    /**
     * Asks for another block for the need; where another decision is asking already, waits for its answer instead.
     * True when the take is worth trying again.
     */
    private boolean extend(Need need) {
        synchronized (this) {
            if (!asking.add(need.key())) {
                long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                try {
                    for (long wait = until - System.nanoTime(); asking.contains(need.key()) && wait > 0;
                         wait = until - System.nanoTime()) {
                        TimeUnit.NANOSECONDS.timedWait(this, wait);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return true;
            }
        }
        try {
            return ask(need);
        } finally {
            asked(need.key());
        }
    }

    /** Sets another block aside; when refused, the period is near its limit and what this lease has left goes back. */
    private boolean ask(Need need) {
        VolumeConstraint c = need.constraint();
        BigDecimal block = block(c).max(need.units());
        boolean granted;
        try {
            granted = store.lease(c.name(), need.periodStart(), block, ceiling(c));
        } catch (RuntimeException e) {
            LOG.debug("Leasing {} of {} failed; taking from the store instead: {}", block, c.name(), e.toString());
            return false;
        }
        Settlement settlement;
        synchronized (this) {
            if (granted && !closed) {
                Lease lease = leases.computeIfAbsent(need.key(), k -> new Lease(c));
                lease.held = lease.held.add(block);
                lease.lastTaken = System.nanoTime();
                startSettling();
                return true;
            }
            if (granted) {
                // Stopped while asking: the block goes straight back.
                settlement = new Settlement(need.key(), c, BigDecimal.ZERO, block);
            } else {
                nearTheLimit.put(need.key(), c);
                Lease lease = leases.remove(need.key());
                settlement = lease == null ? null : Settlement.of(need.key(), lease, true);
            }
        }
        if (settlement != null) {
            synchronized (settling) {
                settle(settlement);
            }
        }
        return false;
    }

    /**
     * Gives back units a decision took from a lease and could not record: to the lease while they are still in it,
     * to the store's count where a settlement already moved them there.
     */
    void giveBack(String name, LocalDate periodStart, BigDecimal units) {
        BigDecimal toStore;
        synchronized (this) {
            Lease lease = leases.get(new Key(name, periodStart));
            BigDecimal fromLease = lease == null ? BigDecimal.ZERO : lease.shown.min(units);
            if (lease != null) {
                lease.shown = lease.shown.subtract(fromLease);
            }
            toStore = units.subtract(fromLease);
        }
        if (toStore.signum() > 0) {
            synchronized (settling) { // after the settlement that moved them there
                store.giveBack(name, periodStart, toStore);
            }
        }
    }

    /** What one lease's settlement moves in the store: shown from held to used, released from held. */
    private record Settlement(Key key, VolumeConstraint constraint, BigDecimal shown, BigDecimal released) {
        /** Takes the units out of the lease (so no decision takes them meanwhile); {@link #undo} puts them back. */
        static Settlement of(Key key, Lease lease, boolean release) {
            BigDecimal released = release ? lease.left() : BigDecimal.ZERO;
            Settlement s = new Settlement(key, lease.constraint, lease.shown, released);
            lease.held = lease.held.subtract(lease.shown).subtract(released);
            lease.shown = BigDecimal.ZERO;
            return s;
        }
    }

    /**
     * Moves what each lease showed into the store's count; gives back leases idle for {@link #IDLE}, of a period
     * that has ended, or all of them ({@code everything}, on shutdown). Afterwards the store counts every action
     * this instance showed before the call.
     */
    void settle(boolean everything) {
        synchronized (settling) {
            settleNow(everything);
        }
    }

    private void settleNow(boolean everything) {
        List<Settlement> settlements = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (var it = leases.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                Lease lease = entry.getValue();
                boolean release = everything || now - lease.lastTaken >= IDLE.toNanos()
                        || !entry.getKey().periodStart().equals(currentPeriod.apply(lease.constraint));
                if (release) {
                    it.remove();
                } else if (lease.shown.signum() == 0) {
                    continue;
                }
                settlements.add(Settlement.of(entry.getKey(), lease, release));
            }
            nearTheLimit.entrySet().removeIf(e -> !e.getKey().periodStart().equals(currentPeriod.apply(e.getValue())));
        }
        settlements.forEach(this::settle);
    }

    private void settle(Settlement s) {
        if (s.shown().signum() == 0 && s.released().signum() == 0) {
            return;
        }
        try {
            store.settle(s.key().name(), s.key().periodStart(), s.shown(), s.released());
        } catch (RuntimeException e) {
            // The store still holds these units for this instance: keep them in its lease, settled next time.
            synchronized (this) {
                Lease lease = leases.computeIfAbsent(s.key(), k -> new Lease(s.constraint()));
                lease.held = lease.held.add(s.shown()).add(s.released());
                lease.shown = lease.shown.add(s.shown());
            }
            LOG.warn("Settling the lease of {} for the period starting {} failed; will try again: {}", s.key().name(),
                    s.key().periodStart(), e.toString());
        }
    }

    /* Started with the first lease: an instance that never leases (a batch job) runs no thread for it. */
    private void startSettling() {
        if (settler != null || closed) {
            return;
        }
        settler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chorus-constraint-leases");
            thread.setDaemon(true);
            return thread;
        });
        settler.scheduleWithFixedDelay(() -> {
            try {
                settle(false);
            } catch (RuntimeException e) {
                LOG.warn("Settling constraint leases failed; will try again: {}", e.toString());
            }
        }, settleEvery.toMillis(), settleEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Settles and gives back every lease, so a stopped instance holds nothing. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = settler;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        settle(true);
    }
}
