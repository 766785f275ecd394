package io.chorus.api.events;

import io.chorus.engine.context.Account;
import io.chorus.engine.context.AccountEvent;
import io.chorus.engine.context.CaseStatus;
import io.chorus.engine.context.CaseTopic;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.Charge;
import io.chorus.engine.context.ConsentChange;
import io.chorus.engine.context.ChargeKind;
import io.chorus.engine.context.ChargeStatus;
import io.chorus.engine.context.CustomerCase;
import io.chorus.engine.context.Interaction;
import io.chorus.engine.context.Promotion;
import io.chorus.engine.context.PromotionStatus;
import io.chorus.engine.context.Subscription;
import io.chorus.engine.context.SubscriptionKind;
import io.chorus.engine.context.SubscriptionStatus;
import io.chorus.engine.context.Survey;
import io.chorus.engine.json.FieldProblem;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What each event does to a customer's context (docs/api.md, "Writing the record"). Pure: no storage, no clock, so every rule
 * here is tested on its own. An event that does not fit the context throws {@link EventProblems}.
 */
final class EventApplier {
    private final ContextDraft draft;
    private final List<FieldProblem> problems = new ArrayList<>();

    private EventApplier(ContextDraft draft) {
        this.draft = draft;
    }

    /** Applies one event to the draft, or throws with every field that is wrong and changes nothing usable. */
    static void apply(ContextDraft draft, EventBody event) {
        EventApplier applier = new EventApplier(draft);
        applier.applyEvent(event);
        if (!applier.problems.isEmpty()) {
            throw new EventProblems(applier.problems);
        }
    }

    private void applyEvent(EventBody e) {
        switch (e.type()) {
            case CONTRACT_RENEWED, LINE_ADDED, LINE_REMOVED, SIM_SWAPPED, PLAN_CHANGED, CANCELLATION_REQUESTED,
                 PORT_OUT_REQUESTED -> accountEvent(e);
            case CHARGE_BILLED -> chargeBilled(e);
            case CHARGE_CREDITED -> chargeStatus(e, ChargeStatus.CREDITED);
            case CHARGE_DISPUTED -> chargeStatus(e, ChargeStatus.DISPUTED);
            case INTERACTION -> interaction(e);
            case CASE_OPENED -> caseOpened(e);
            case CASE_UPDATED -> caseChanged(e, null);
            case CASE_RESOLVED -> caseChanged(e, CaseStatus.RESOLVED);
            case PROMOTION_ENROLLED -> promotionEnrolled(e);
            case PROMOTION_ACTIVATED -> promotionStatus(e, PromotionStatus.ACTIVE);
            case PROMOTION_FAILED -> promotionStatus(e, PromotionStatus.FAILED);
            case PROMOTION_ENDED -> promotionStatus(e, PromotionStatus.ENDED);
            case SURVEY_RESPONDED -> survey(e);
            case CONSENT_CHANGED -> consent(e);
        }
    }

    private void accountEvent(EventBody e) {
        if (!text("accountId", e.accountId())) {
            return;
        }
        boolean lineEvent = e.type() == EventType.LINE_ADDED || e.type() == EventType.LINE_REMOVED;
        if (lineEvent && !text("subscriptionId", e.subscriptionId())) {
            return;
        }
        int account = indexOf(draft.accounts, a -> a.accountId().equals(e.accountId()));
        if (e.type() == EventType.LINE_ADDED) {
            addLine(e);
        } else if (e.type() == EventType.LINE_REMOVED) {
            removeLine(e);
        }
        if (account >= 0 && e.monthlyDelta() != null) {
            Account a = draft.accounts.get(account);
            BigDecimal commitment = (a.monthlyCommitment() == null ? BigDecimal.ZERO : a.monthlyCommitment())
                    .add(e.monthlyDelta());
            if (commitment.signum() < 0) {
                problem("monthlyDelta", "would make account " + a.accountId() + "'s monthly commitment negative ("
                        + commitment + ")");
                return;
            }
            draft.accounts.set(account, new Account(a.accountId(), a.status(), a.openedAt(), a.contractEnd(),
                    commitment));
        }
        draft.accountEvents.add(new AccountEvent(e.type().accountEventType(), e.at(), e.accountId(),
                e.subscriptionId(), e.monthlyDelta(), e.channel()));
    }

    /** LINE_ADDED creates the line if the profile lacks it; then it needs its kind. */
    private void addLine(EventBody e) {
        int line = indexOf(draft.subscriptions, s -> s.subscriptionId().equals(e.subscriptionId()));
        if (line >= 0) {
            Subscription s = draft.subscriptions.get(line);
            draft.subscriptions.set(line, new Subscription(s.subscriptionId(), e.accountId(), s.kind(),
                    e.device() != null ? e.device() : s.device(), SubscriptionStatus.ACTIVE,
                    s.activatedAt() != null ? s.activatedAt() : dateOf(e), null));
            return;
        }
        if (e.kind() == null) {
            problem("kind", "required when the line is new (one of " + names(SubscriptionKind.values()) + ")");
            return;
        }
        SubscriptionKind kind = oneOf("kind", e.kind(), SubscriptionKind.class);
        if (kind != null) {
            draft.subscriptions.add(new Subscription(e.subscriptionId(), e.accountId(), kind, e.device(),
                    SubscriptionStatus.ACTIVE, dateOf(e), null));
        }
    }

    /** LINE_REMOVED marks the line REMOVED, ended on the date of the event. */
    private void removeLine(EventBody e) {
        int line = indexOf(draft.subscriptions, s -> s.subscriptionId().equals(e.subscriptionId()));
        if (line < 0) {
            problem("subscriptionId", "no line " + e.subscriptionId() + " on the customer's profile");
            return;
        }
        Subscription s = draft.subscriptions.get(line);
        draft.subscriptions.set(line, new Subscription(s.subscriptionId(), s.accountId(), s.kind(), s.device(),
                SubscriptionStatus.REMOVED, s.activatedAt(), dateOf(e)));
    }

    private void chargeBilled(EventBody e) {
        boolean ok = text("chargeId", e.chargeId()) & required("billMonth", e.billMonth())
                & required("amount", e.amount()) & required("kind", e.kind());
        ChargeKind kind = e.kind() == null ? null : oneOf("kind", e.kind(), ChargeKind.class);
        ok &= notNegative("amount", e.amount());
        if (!ok || kind == null) {
            return;
        }
        Charge charge = new Charge(e.chargeId(), e.accountId(), e.subscriptionId(), e.billMonth(), e.amount(), kind,
                ChargeStatus.BILLED);
        replaceOrAdd(draft.charges, c -> c.chargeId().equals(e.chargeId()), charge);
    }

    private void chargeStatus(EventBody e, ChargeStatus status) {
        if (!text("chargeId", e.chargeId())) {
            return;
        }
        if (!update(draft.charges, c -> c.chargeId().equals(e.chargeId()), c -> c.withStatus(status, e.at()))) {
            problem("chargeId", "no charge " + e.chargeId() + " on the customer's record");
        }
    }

    private void interaction(EventBody e) {
        if (required("channel", e.channel())) {
            draft.interactions.add(new Interaction(e.at(), e.channel(), e.topic(), e.caseId(), e.note()));
        }
    }

    private void caseOpened(EventBody e) {
        boolean ok = text("caseId", e.caseId()) & required("topic", e.topic());
        CaseTopic topic = e.topic() == null ? null : oneOf("topic", e.topic(), CaseTopic.class);
        if (!ok || topic == null) {
            return;
        }
        replaceOrAdd(draft.cases, c -> c.caseId().equals(e.caseId()), new CustomerCase(e.caseId(), topic,
                CaseStatus.OPEN, e.at(), e.subscriptionId(), e.summary()));
    }

    /** CASE_UPDATED changes what it names; CASE_RESOLVED also closes the case. */
    private void caseChanged(EventBody e, CaseStatus status) {
        if (!text("caseId", e.caseId())) {
            return;
        }
        CaseTopic topic = e.topic() == null ? null : oneOf("topic", e.topic(), CaseTopic.class);
        if (e.topic() != null && topic == null) {
            return;
        }
        if (!update(draft.cases, c -> c.caseId().equals(e.caseId()), c -> new CustomerCase(c.caseId(),
                topic != null ? topic : c.topic(), status != null ? status : c.status(), c.openedAt(),
                e.subscriptionId() != null ? e.subscriptionId() : c.subscriptionId(),
                e.summary() != null ? e.summary() : c.summary()))) {
            problem("caseId", "no case " + e.caseId() + " on the customer's record");
        }
    }

    private void promotionEnrolled(EventBody e) {
        if (!text("promotionId", e.promotionId())) {
            return;
        }
        if (!notNegative("partnerMonthlyFee", e.partnerMonthlyFee())) {
            return;
        }
        replaceOrAdd(draft.promotions, p -> p.promotionId().equals(e.promotionId()), new Promotion(e.promotionId(),
                PromotionStatus.ENROLLED, e.at(), e.partnerPlan(), e.partnerMonthlyFee()));
    }

    private void promotionStatus(EventBody e, PromotionStatus status) {
        if (!text("promotionId", e.promotionId()) | !notNegative("partnerMonthlyFee", e.partnerMonthlyFee())) {
            return;
        }
        if (!update(draft.promotions, p -> p.promotionId().equals(e.promotionId()),
                p -> p.moved(status, e.at(), e.partnerPlan(), e.partnerMonthlyFee()))) {
            problem("promotionId", "no promotion " + e.promotionId() + " on the customer's record");
        }
    }

    private void survey(EventBody e) {
        if (!required("score", e.score())) {
            return;
        }
        if (e.score() < 0 || e.score() > 10) {
            problem("score", "must be between 0 and 10, was " + e.score());
            return;
        }
        draft.surveys.add(new Survey(e.at(), e.channel(), e.score()));
    }

    /**
     * A consent change is kept with its moment, so a decision as of an earlier moment sees the consent as it was.
     * Changes may arrive out of order: each keeps the value it replaced in time order, and the current consent is
     * the latest change's.
     */
    private void consent(EventBody e) {
        if (!(required("consentChannel", e.consentChannel()) & required("granted", e.granted()))) {
            return;
        }
        Channel channel = e.consentChannel();
        List<ConsentChange> changes = draft.consentChanges;
        int at = 0;
        while (at < changes.size() && !changes.get(at).at().isAfter(e.at())) {
            at++;
        }
        Boolean before = previousOnChannel(changes, at, channel, draft.consents.get(channel));
        changes.add(at, new ConsentChange(channel, e.granted(), e.at(), before));
        for (int i = at + 1; i < changes.size(); i++) {
            ConsentChange next = changes.get(i);
            if (next.channel() == channel) {
                changes.set(i, new ConsentChange(channel, next.granted(), next.at(), e.granted()));
                break;
            }
        }
        Boolean latest = e.granted();
        for (ConsentChange change : changes) {
            if (change.channel() == channel) {
                latest = change.granted();
            }
        }
        draft.consents.put(channel, latest);
    }

    /**
     * The channel's consent just before position {@code at}: the latest earlier change's value; with none, what the
     * first later change replaced; with no change at all, the profile's current value.
     */
    private static Boolean previousOnChannel(List<ConsentChange> changes, int at, Channel channel, Boolean current) {
        for (int i = at - 1; i >= 0; i--) {
            if (changes.get(i).channel() == channel) {
                return changes.get(i).granted();
            }
        }
        for (int i = at; i < changes.size(); i++) {
            if (changes.get(i).channel() == channel) {
                return changes.get(i).previous();
            }
        }
        return current;
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static LocalDate dateOf(EventBody e) {
        return LocalDate.ofInstant(e.at(), ZoneOffset.UTC);
    }

    private boolean text(String field, String value) {
        if (value == null || value.isBlank()) {
            problem(field, "required");
            return false;
        }
        return true;
    }

    private boolean required(String field, Object value) {
        if (value == null) {
            problem(field, "required");
            return false;
        }
        return true;
    }

    /** A charge or a fee is money owed; a negative one would be a credit, which has its own event. */
    private boolean notNegative(String field, BigDecimal amount) {
        if (amount != null && amount.signum() < 0) {
            problem(field, "must not be negative, was " + amount.toPlainString());
            return false;
        }
        return true;
    }

    private <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            problem(field, "unknown value \"" + value + "\" (expected one of " + names(type.getEnumConstants()) + ")");
            return null;
        }
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    private void problem(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    private static <T> int indexOf(List<T> items, java.util.function.Predicate<T> match) {
        for (int i = 0; i < items.size(); i++) {
            if (match.test(items.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static <T> boolean update(List<T> items, java.util.function.Predicate<T> match, UnaryOperator<T> change) {
        int i = indexOf(items, match);
        if (i < 0) {
            return false;
        }
        items.set(i, change.apply(items.get(i)));
        return true;
    }

    private static <T> void replaceOrAdd(List<T> items, java.util.function.Predicate<T> match, T item) {
        int i = indexOf(items, match);
        if (i < 0) {
            items.add(item);
        } else {
            items.set(i, item);
        }
    }
}
