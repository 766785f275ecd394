package io.chorus.engine.context;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A promotion the customer enrolled in, with the moments it started working ({@code activatedAt}), failed
 * ({@code failedAt}) or ended ({@code endedAt}); each is null until it happens.
 */
public record Promotion(String promotionId, PromotionStatus status, Instant enrolledAt, PartnerPlan partnerPlan,
                        BigDecimal partnerMonthlyFee, Instant activatedAt, Instant failedAt, Instant endedAt) {
    public Promotion {
        partnerMonthlyFee = Money.normalise(partnerMonthlyFee);
    }

    public Promotion(String promotionId, PromotionStatus status, Instant enrolledAt, PartnerPlan partnerPlan,
                     BigDecimal partnerMonthlyFee) {
        this(promotionId, status, enrolledAt, partnerPlan, partnerMonthlyFee, null, null, null);
    }

    /** The promotion moved to {@code newStatus} at {@code at}; the moment is kept with the status. */
    public Promotion moved(PromotionStatus newStatus, Instant at, PartnerPlan plan, BigDecimal fee) {
        return new Promotion(promotionId, newStatus, enrolledAt, plan != null ? plan : partnerPlan,
                fee != null ? fee : partnerMonthlyFee,
                newStatus == PromotionStatus.ACTIVE ? at : activatedAt,
                newStatus == PromotionStatus.FAILED ? at : failedAt,
                newStatus == PromotionStatus.ENDED ? at : endedAt);
    }

    /** The promotion as it stood at {@code asOf}: what happened to it later was not known then. */
    Promotion asOf(Instant asOf) {
        Instant activated = before(activatedAt, asOf);
        Instant failed = before(failedAt, asOf);
        Instant ended = before(endedAt, asOf);
        if (activated == activatedAt && failed == failedAt && ended == endedAt) {
            return this;
        }
        PromotionStatus then = ended != null ? PromotionStatus.ENDED
                : failed != null ? PromotionStatus.FAILED
                : activated != null ? PromotionStatus.ACTIVE
                : PromotionStatus.ENROLLED;
        return new Promotion(promotionId, then, enrolledAt, partnerPlan, partnerMonthlyFee, activated, failed, ended);
    }

    private static Instant before(Instant moment, Instant asOf) {
        return moment == null || moment.isAfter(asOf) ? null : moment;
    }
}
