package io.chorus.api.constraints;

import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an instance's leases ask of the store as days pass and limits come near, on a store that keeps a ledger of
 * the statements: a lease of a day that has ended is settled and given back, the new day gets a lease of its own,
 * and once a lease is refused the day is taken one by one until it ends.
 */
class ConstraintLeasePeriodsTest {
    private static final LocalDate TUESDAY = LocalDate.of(2026, 5, 19);
    private static final LocalDate WEDNESDAY = TUESDAY.plusDays(1);
    /** A thousand retention letters a day: leases of twenty, the last hundred never leased. */
    private static final VolumeConstraint LETTERS = new VolumeConstraint("retention-letters", Channel.LETTER,
            ActionType.RETENTION_OFFER, null, VolumeConstraint.Period.DAY, BigDecimal.valueOf(1000), null, null);

    /** The store's counters for one constraint, and the statements run on them. */
    private static final class Ledger implements ConstraintLeases.Counters {
        final Map<LocalDate, BigDecimal[]> days = new java.util.HashMap<>();
        final List<String> statements = new ArrayList<>();

        private BigDecimal[] day(LocalDate day) {
            return days.computeIfAbsent(day, d -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
        }

        @Override
        public synchronized boolean lease(String name, LocalDate periodStart, BigDecimal block, BigDecimal ceiling) {
            BigDecimal[] row = day(periodStart);
            boolean granted = row[0].add(row[1]).add(block).compareTo(ceiling) <= 0;
            statements.add("lease " + plain(block) + " of " + periodStart + (granted ? "" : " refused"));
            if (granted) {
                row[1] = row[1].add(block);
            }
            return granted;
        }

        @Override
        public synchronized void settle(String name, LocalDate periodStart, BigDecimal shown, BigDecimal released) {
            BigDecimal[] row = day(periodStart);
            statements.add("settle " + periodStart + ": " + plain(shown) + " shown, " + plain(released) + " back");
            row[0] = row[0].add(shown);
            row[1] = row[1].subtract(shown).subtract(released);
        }

        @Override
        public synchronized void giveBack(String name, LocalDate periodStart, BigDecimal units) {
            statements.add("give back " + plain(units) + " of " + periodStart);
            day(periodStart)[0] = day(periodStart)[0].subtract(units);
        }

        synchronized BigDecimal used(LocalDate day) {
            return day(day)[0];
        }

        synchronized BigDecimal held(LocalDate day) {
            return day(day)[1];
        }
    }

    /** Settlements only when the test asks, so the ledger reads the same on a slow machine. */
    private static final java.time.Duration SETTLED_BY_HAND = java.time.Duration.ofHours(1);

    private static String plain(BigDecimal units) {
        return units.stripTrailingZeros().toPlainString();
    }

    private static List<ConstraintLeases.Need> oneLetter(LocalDate day) {
        return List.of(new ConstraintLeases.Need(LETTERS, day, BigDecimal.ONE));
    }

    @Test
    void aLeaseOfADayThatHasEndedIsSettledAndGivenBack() {
        Ledger store = new Ledger();
        AtomicReference<LocalDate> today = new AtomicReference<>(TUESDAY);
        try (ConstraintLeases leases = new ConstraintLeases(store, new BigDecimal("0.02"), new BigDecimal("0.10"),
                c -> today.get(), SETTLED_BY_HAND)) {
            for (int n = 0; n < 3; n++) {
                assertThat(leases.take(oneLetter(TUESDAY)).get("retention-letters")).as("left before letter %d", n)
                        .isEqualByComparingTo(BigDecimal.valueOf(20 - n));
            }

            today.set(WEDNESDAY);
            assertThat(leases.take(oneLetter(TUESDAY))).as("Tuesday's letters are taken from the store now").isNull();
            leases.settle(false);
            assertThat(store.used(TUESDAY)).isEqualByComparingTo("3");
            assertThat(store.held(TUESDAY)).as("what Tuesday's lease did not show, given back").isEqualByComparingTo("0");

            assertThat(leases.take(oneLetter(WEDNESDAY)).get("retention-letters")).isEqualByComparingTo("20");
            assertThat(store.statements).containsExactly("lease 20 of 2026-05-19", "settle 2026-05-19: 3 shown, 17 back",
                    "lease 20 of 2026-05-20");
        }
        assertThat(store.used(WEDNESDAY)).as("closing settles what was shown").isEqualByComparingTo("1");
        assertThat(store.held(WEDNESDAY)).isEqualByComparingTo("0");
    }

    @Test
    void onceALeaseIsRefusedTheDayIsTakenOneByOneAndWhatWasLeftGoesBack() throws InterruptedException {
        Ledger store = new Ledger();
        store.day(TUESDAY)[0] = BigDecimal.valueOf(875); // 25 under the 900 that leases may reach
        try (ConstraintLeases leases = new ConstraintLeases(store, new BigDecimal("0.02"), new BigDecimal("0.10"),
                c -> TUESDAY, SETTLED_BY_HAND)) {
            for (int n = 0; n < 11; n++) {
                assertThat(leases.take(oneLetter(TUESDAY))).as("letter %d", n).isNotNull();
            }
            // Nine left of twenty: the next block is asked for, and refused (it would pass 900).
            for (int tries = 0; tries < 50 && store.held(TUESDAY).signum() > 0; tries++) {
                Thread.sleep(100);
            }
            assertThat(store.used(TUESDAY)).as("what was shown, counted").isEqualByComparingTo("886");
            assertThat(store.held(TUESDAY)).as("the nine not shown, back for decisions taken one by one")
                    .isEqualByComparingTo("0");
            assertThat(leases.take(oneLetter(TUESDAY))).as("taken from the store from now on").isNull();
            assertThat(leases.take(oneLetter(TUESDAY))).isNull();
            assertThat(store.statements).containsExactly("lease 20 of 2026-05-19", "lease 20 of 2026-05-19 refused",
                    "settle 2026-05-19: 11 shown, 9 back");
        }
    }
}
