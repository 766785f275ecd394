package io.chorus.engine.context;

import io.chorus.engine.json.FieldProblem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Checks what Jackson cannot: required fields, ranges, nulls inside lists. Every problem names its field,
 * so whoever sent the document can fix it without reading our code.
 */
public final class ContextValidator {
    private final List<FieldProblem> problems = new ArrayList<>();

    private ContextValidator() {
    }

    public static List<FieldProblem> validate(CustomerContext c) {
        ContextValidator v = new ContextValidator();
        v.text("customerId", c.customerId());
        v.required("segment", c.segment());
        v.each("identifiers", c.identifiers(), (p, i) -> {
            v.required(p + ".type", i.type());
            v.text(p + ".value", i.value());
        });
        c.consents().forEach((channel, granted) -> v.required("consents." + channel, granted));
        v.each("consentChanges", c.consentChanges(), (p, change) -> {
            v.required(p + ".channel", change.channel());
            v.required(p + ".at", change.at());
        });
        v.each("accounts", c.accounts(), (p, a) -> {
            v.text(p + ".accountId", a.accountId());
            v.required(p + ".status", a.status());
            v.notNegative(p + ".monthlyCommitment", a.monthlyCommitment());
        });
        v.each("subscriptions", c.subscriptions(), (p, s) -> {
            v.text(p + ".subscriptionId", s.subscriptionId());
            v.required(p + ".kind", s.kind());
            v.required(p + ".status", s.status());
            if (s.status() == SubscriptionStatus.REMOVED && s.endedAt() == null) {
                v.problem(p + ".endedAt", "required when status is REMOVED");
            }
        });
        v.each("accountEvents", c.accountEvents(), (p, e) -> {
            v.required(p + ".type", e.type());
            v.required(p + ".at", e.at());
        });
        v.each("charges", c.charges(), (p, ch) -> {
            v.text(p + ".chargeId", ch.chargeId());
            v.required(p + ".billMonth", ch.billMonth());
            v.required(p + ".amount", ch.amount());
            v.required(p + ".kind", ch.kind());
            v.required(p + ".status", ch.status());
        });
        v.each("interactions", c.interactions(), (p, i) -> {
            v.required(p + ".at", i.at());
            v.required(p + ".channel", i.channel());
        });
        v.each("cases", c.cases(), (p, k) -> {
            v.text(p + ".caseId", k.caseId());
            v.required(p + ".topic", k.topic());
            v.required(p + ".status", k.status());
        });
        v.each("promotions", c.promotions(), (p, pr) -> {
            v.text(p + ".promotionId", pr.promotionId());
            v.required(p + ".status", pr.status());
            v.notNegative(p + ".partnerMonthlyFee", pr.partnerMonthlyFee());
        });
        v.each("surveys", c.surveys(), (p, s) -> {
            v.required(p + ".at", s.at());
            if (v.required(p + ".score", s.score()) && (s.score() < 0 || s.score() > 10)) {
                v.problem(p + ".score", "must be between 0 and 10, was " + s.score());
            }
        });
        v.each("contactHistory", c.contactHistory(), (p, h) -> {
            v.required(p + ".at", h.at());
            v.required(p + ".outcome", h.outcome());
        });
        return List.copyOf(v.problems);
    }

    private <T> void each(String field, List<T> items, BiConsumer<String, T> check) {
        for (int i = 0; i < items.size(); i++) {
            String path = field + "[" + i + "]";
            T item = items.get(i);
            if (item == null) {
                problem(path, "must not be null");
            } else {
                check.accept(path, item);
            }
        }
    }

    private boolean required(String field, Object value) {
        if (value == null) {
            problem(field, "required");
            return false;
        }
        return true;
    }

    private void text(String field, String value) {
        if (value == null || value.isBlank()) {
            problem(field, "required");
        }
    }

    private void notNegative(String field, BigDecimal amount) {
        if (amount != null && amount.signum() < 0) {
            problem(field, "must not be negative, was " + amount);
        }
    }

    private void problem(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }
}
