package io.chorus.api.events;

import io.chorus.api.customers.CustomerRef;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.PartnerPlan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

/**
 * One event as posted. Common fields first, then each type's own; {@code kind} and {@code topic} stay text here
 * because their vocabulary depends on the type (a line's kind or a charge's, a case topic or free text).
 */
public record EventBody(String eventId, CustomerRef customer, EventType type, Instant at, Channel channel,
                        String accountId, String subscriptionId, BigDecimal monthlyDelta, String kind, String device,
                        String chargeId, YearMonth billMonth, BigDecimal amount,
                        String topic, String caseId, String note, String summary,
                        String promotionId, PartnerPlan partnerPlan, BigDecimal partnerMonthlyFee,
                        Integer score, Channel consentChannel, Boolean granted) {
}
