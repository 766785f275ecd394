package io.chorus.engine.context;

import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.Limits;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Checks what Jackson cannot: required fields, ranges, nulls inside lists, the length and characters of ids and
 * text, money that cannot be negative (a charge, a fee, a commitment). Every problem names its field,
 * so whoever sent the document can fix it without reading our code.
 */
public final class ContextValidator {
    private final List<FieldProblem> problems = new ArrayList<>();

    private ContextValidator() {
    }

    /** Every problem of a document: its fields, and each list within {@link Limits#MOST_ITEMS}. */
    public static List<FieldProblem> validate(CustomerContext c) {
        List<FieldProblem> problems = new ArrayList<>(fields(c));
        problems.addAll(sizes(c, true));
        return List.copyOf(problems);
    }

    /**
     * A stored customer's context after events changed it: the same checks, except the length of
     * {@code contactHistory}, which decisions and outcomes grow, not events; an event must not be refused for it.
     */
    public static List<FieldProblem> validateRecord(CustomerContext c) {
        List<FieldProblem> problems = new ArrayList<>(fields(c));
        problems.addAll(sizes(c, false));
        return List.copyOf(problems);
    }

    private static List<FieldProblem> sizes(CustomerContext c, boolean withContactHistory) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, List<?>> lists = new LinkedHashMap<>();
        lists.put("identifiers", c.identifiers());
        lists.put("consentChanges", c.consentChanges());
        lists.put("accounts", c.accounts());
        lists.put("subscriptions", c.subscriptions());
        lists.put("accountEvents", c.accountEvents());
        lists.put("charges", c.charges());
        lists.put("interactions", c.interactions());
        lists.put("cases", c.cases());
        lists.put("promotions", c.promotions());
        lists.put("surveys", c.surveys());
        if (withContactHistory) {
            lists.put("contactHistory", c.contactHistory());
        }
        lists.forEach((name, items) -> {
            String wrong = Limits.itemsProblem(name, items.size());
            if (wrong != null) {
                problems.add(new FieldProblem(name, wrong));
            }
        });
        return problems;
    }

    private static List<FieldProblem> fields(CustomerContext c) {
        ContextValidator v = new ContextValidator();
        v.requiredId("customerId", c.customerId());
        v.text("name", c.name());
        v.required("segment", c.segment());
        v.each("identifiers", c.identifiers(), (p, i) -> {
            v.required(p + ".type", i.type());
            v.requiredId(p + ".value", i.value());
        });
        c.consents().forEach((channel, granted) -> v.required("consents." + channel, granted));
        v.each("consentChanges", c.consentChanges(), (p, change) -> {
            v.required(p + ".channel", change.channel());
            v.required(p + ".at", change.at());
        });
        v.each("accounts", c.accounts(), (p, a) -> {
            v.requiredId(p + ".accountId", a.accountId());
            v.required(p + ".status", a.status());
            v.notNegative(p + ".monthlyCommitment", a.monthlyCommitment());
        });
        v.each("subscriptions", c.subscriptions(), (p, s) -> {
            v.requiredId(p + ".subscriptionId", s.subscriptionId());
            v.id(p + ".accountId", s.accountId());
            v.required(p + ".kind", s.kind());
            v.text(p + ".device", s.device());
            v.required(p + ".status", s.status());
            if (s.status() == SubscriptionStatus.REMOVED && s.endedAt() == null) {
                v.problem(p + ".endedAt", "required when status is REMOVED");
            }
        });
        v.each("accountEvents", c.accountEvents(), (p, e) -> {
            v.required(p + ".type", e.type());
            v.required(p + ".at", e.at());
            v.id(p + ".accountId", e.accountId());
            v.id(p + ".subscriptionId", e.subscriptionId());
        });
        v.each("charges", c.charges(), (p, ch) -> {
            v.requiredId(p + ".chargeId", ch.chargeId());
            v.id(p + ".accountId", ch.accountId());
            v.id(p + ".subscriptionId", ch.subscriptionId());
            v.required(p + ".billMonth", ch.billMonth());
            v.required(p + ".amount", ch.amount());
            v.notNegative(p + ".amount", ch.amount());
            v.required(p + ".kind", ch.kind());
            v.required(p + ".status", ch.status());
        });
        v.each("interactions", c.interactions(), (p, i) -> {
            v.required(p + ".at", i.at());
            v.required(p + ".channel", i.channel());
            v.text(p + ".topic", i.topic());
            v.id(p + ".caseId", i.caseId());
            v.text(p + ".note", i.note());
        });
        v.each("cases", c.cases(), (p, k) -> {
            v.requiredId(p + ".caseId", k.caseId());
            v.required(p + ".topic", k.topic());
            v.required(p + ".status", k.status());
            v.id(p + ".subscriptionId", k.subscriptionId());
            v.text(p + ".summary", k.summary());
        });
        v.each("promotions", c.promotions(), (p, pr) -> {
            v.requiredId(p + ".promotionId", pr.promotionId());
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
            v.id(p + ".decisionId", h.decisionId());
            v.id(p + ".actionId", h.actionId());
            v.text(p + ".key", h.key());
            v.text(p + ".title", h.title());
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

    private void requiredId(String field, String value) {
        if (value == null || value.isBlank()) {
            problem(field, "required");
        } else {
            id(field, value);
        }
    }

    /** Ids and identifier values: at most 128 characters, no NUL (docs/api.md, "Limits"). */
    private void id(String field, String value) {
        String wrong = Limits.idProblem(value);
        if (wrong != null) {
            problem(field, wrong);
        }
    }

    /** Free text: at most 4,096 characters, no NUL. */
    private void text(String field, String value) {
        String wrong = Limits.textProblem(value);
        if (wrong != null) {
            problem(field, wrong);
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
