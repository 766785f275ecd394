package io.chorus.engine.context;

import java.math.BigDecimal;
import java.time.Instant;

public record Promotion(String promotionId, PromotionStatus status, Instant enrolledAt, PartnerPlan partnerPlan,
                        BigDecimal partnerMonthlyFee) {
    public Promotion {
        partnerMonthlyFee = Money.normalise(partnerMonthlyFee);
    }
}
