package io.chorus.engine.decision;

import io.chorus.engine.context.Promotion;

import java.time.Instant;
import java.util.Collection;

/**
 * Arithmetic for the partner-fee refund rules: how many monthly partner payments a customer made while a bundle
 * that should have replaced them was not working, and how many of those an accepted refund already paid back.
 * The rules decide when fees are owed back; this only counts.
 */
public final class PartnerFees {
    private PartnerFees() {
    }

    /** Partner payments from enrolment until {@code until}: the first month is paid on enrolling. */
    public static long monthsPaid(Promotion promotion, Instant until) {
        return Math.max(1, Dates.monthsSince(promotion.enrolledAt(), until));
    }

    /**
     * Payments made until {@code until} that no accepted refund has paid back yet. A refund accepted at a moment
     * covered every payment made by then (and no payment after {@code until}).
     */
    public static long monthsStillOwed(Promotion promotion, Instant until, Collection<?> refundsAcceptedAt) {
        long refunded = 0;
        for (Object each : refundsAcceptedAt) {
            Instant accepted = (Instant) each;
            refunded = Math.max(refunded, monthsPaid(promotion, accepted.isBefore(until) ? accepted : until));
        }
        return monthsPaid(promotion, until) - refunded;
    }
}
