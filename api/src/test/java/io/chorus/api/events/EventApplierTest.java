package io.chorus.api.events;

import io.chorus.api.customers.CustomerRef;
import io.chorus.engine.context.Account;
import io.chorus.engine.context.AccountStatus;
import io.chorus.engine.context.CaseStatus;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.Charge;
import io.chorus.engine.context.ChargeKind;
import io.chorus.engine.context.ChargeStatus;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.PartnerPlan;
import io.chorus.engine.context.PromotionStatus;
import io.chorus.engine.context.Segment;
import io.chorus.engine.context.Subscription;
import io.chorus.engine.context.SubscriptionKind;
import io.chorus.engine.context.SubscriptionStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each event does to a context, one behaviour per test, no database. */
class EventApplierTest {
    private static final Instant MARCH_10 = Instant.parse("2026-03-10T10:50:00Z");
    private static final CustomerContext TABLET_OWNER = new CustomerContext("C-1", "Tab Owner", Segment.CONSUMER,
            List.of(), Map.of(Channel.EMAIL, true),
            List.of(new Account("BA-1", AccountStatus.ACTIVE, LocalDate.parse("2020-01-01"), null, new BigDecimal("30.00"))),
            List.of(new Subscription("S-4", "BA-1", SubscriptionKind.DATA_ONLY, "TABLET", SubscriptionStatus.ACTIVE,
                    LocalDate.parse("2022-05-01"), null)),
            List.of(), List.of(new Charge("CH-9", "BA-1", "S-4", YearMonth.parse("2026-04"), new BigDecimal("12.50"),
                    ChargeKind.RECURRING, ChargeStatus.BILLED)),
            List.of(), List.of(), List.of(), List.of(), List.of());

    @Test
    void lineRemovedMarksTheLineRemovedOnTheDateOfTheEventAndLowersTheCommitment() {
        CustomerContext after = apply(TABLET_OWNER, event(EventType.LINE_REMOVED).subscription("S-4").delta("-12.50"));

        assertThat(after.subscriptions().get(0).status()).isEqualTo(SubscriptionStatus.REMOVED);
        assertThat(after.subscriptions().get(0).endedAt()).isEqualTo(LocalDate.parse("2026-03-10"));
        assertThat(after.accounts().get(0).monthlyCommitment()).isEqualByComparingTo("17.50");
        assertThat(after.accountEvents()).hasSize(1);
    }

    @Test
    void lineAddedCreatesTheLineWhenTheProfileLacksIt() {
        CustomerContext after = apply(TABLET_OWNER,
                event(EventType.LINE_ADDED).subscription("S-7").kind("MIFI").device("MIFI").delta("18.00"));

        Subscription added = after.subscriptions().get(1);
        assertThat(added.subscriptionId()).isEqualTo("S-7");
        assertThat(added.kind()).isEqualTo(SubscriptionKind.MIFI);
        assertThat(added.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(added.activatedAt()).isEqualTo(LocalDate.parse("2026-03-10"));
    }

    @Test
    void lineAddedForANewLineWithoutItsKindNamesTheField() {
        assertThatThrownBy(() -> apply(TABLET_OWNER, event(EventType.LINE_ADDED).subscription("S-8")))
                .isInstanceOfSatisfying(EventProblems.class,
                        e -> assertThat(e.problems().get(0).field()).isEqualTo("kind"));
    }

    @Test
    void lineRemovedForALineNotOnTheProfileNamesTheSubscription() {
        assertThatThrownBy(() -> apply(TABLET_OWNER, event(EventType.LINE_REMOVED).subscription("S-99")))
                .isInstanceOfSatisfying(EventProblems.class,
                        e -> assertThat(e.problems().get(0).field()).isEqualTo("subscriptionId"));
    }

    @Test
    void chargeCreditedAndDisputedChangeTheChargeStatus() {
        CustomerContext credited = apply(TABLET_OWNER, event(EventType.CHARGE_CREDITED).charge("CH-9"));
        CustomerContext disputed = apply(TABLET_OWNER, event(EventType.CHARGE_DISPUTED).charge("CH-9"));

        assertThat(credited.charges().get(0).status()).isEqualTo(ChargeStatus.CREDITED);
        assertThat(disputed.charges().get(0).status()).isEqualTo(ChargeStatus.DISPUTED);
    }

    @Test
    void chargeBilledWithAnUnknownKindNamesTheField() {
        assertThatThrownBy(() -> apply(TABLET_OWNER, event(EventType.CHARGE_BILLED).charge("CH-10").kind("MONTHLY")
                .billMonth("2026-05").amount("12.50")))
                .isInstanceOfSatisfying(EventProblems.class, e -> {
                    assertThat(e.problems().get(0).field()).isEqualTo("kind");
                    assertThat(e.problems().get(0).message()).contains("RECURRING");
                });
    }

    @Test
    void caseOpenedThenResolvedClosesTheCase() {
        CustomerContext opened = apply(TABLET_OWNER, event(EventType.CASE_OPENED).caseId("K-1").topic("BILLING_DISPUTE"));
        CustomerContext resolved = apply(opened, event(EventType.CASE_RESOLVED).caseId("K-1"));

        assertThat(opened.cases().get(0).status()).isEqualTo(CaseStatus.OPEN);
        assertThat(opened.cases().get(0).openedAt()).isEqualTo(MARCH_10);
        assertThat(resolved.cases().get(0).status()).isEqualTo(CaseStatus.RESOLVED);
    }

    @Test
    void promotionEnrolledThenActivatedIsActive() {
        Draft enrol = event(EventType.PROMOTION_ENROLLED).promotion("MUSIC");
        enrol.partnerPlan = PartnerPlan.PAID_PREMIUM;
        CustomerContext enrolled = apply(TABLET_OWNER, enrol);
        CustomerContext active = apply(enrolled, event(EventType.PROMOTION_ACTIVATED).promotion("MUSIC"));

        assertThat(enrolled.promotions().get(0).status()).isEqualTo(PromotionStatus.ENROLLED);
        assertThat(active.promotions().get(0).status()).isEqualTo(PromotionStatus.ACTIVE);
        assertThat(active.promotions().get(0).partnerPlan()).isEqualTo(PartnerPlan.PAID_PREMIUM);
    }

    @Test
    void surveyScoreOutsideZeroToTenIsRefused() {
        Draft survey = event(EventType.SURVEY_RESPONDED);
        survey.score = 11;

        assertThatThrownBy(() -> apply(TABLET_OWNER, survey)).isInstanceOfSatisfying(EventProblems.class,
                e -> assertThat(e.problems().get(0).field()).isEqualTo("score"));
    }

    @Test
    void consentChangedUpdatesTheConsentMap() {
        Draft consent = event(EventType.CONSENT_CHANGED);
        consent.consentChannel = Channel.LETTER;
        consent.granted = false;

        assertThat(apply(TABLET_OWNER, consent).consents()).containsEntry(Channel.LETTER, false)
                .containsEntry(Channel.EMAIL, true);
    }

    @Test
    void chargeCreditedKeepsTheMomentItWasCredited() {
        Draft credit = event(EventType.CHARGE_CREDITED).charge("CH-9");
        credit.at = Instant.parse("2026-05-15T16:00:00Z");

        assertThat(apply(TABLET_OWNER, credit).charges().get(0).creditedAt()).isEqualTo(credit.at);
    }

    @Test
    void promotionActivatedOrFailedKeepsTheMomentItHappened() {
        CustomerContext enrolled = apply(TABLET_OWNER, event(EventType.PROMOTION_ENROLLED).promotion("MUSIC"));
        Draft activated = event(EventType.PROMOTION_ACTIVATED).promotion("MUSIC");
        activated.at = Instant.parse("2026-05-05T12:00:00Z");
        Draft failed = event(EventType.PROMOTION_FAILED).promotion("MUSIC");
        failed.at = Instant.parse("2026-04-15T08:00:00Z");

        assertThat(apply(enrolled, activated).promotions().get(0).activatedAt()).isEqualTo(activated.at);
        assertThat(apply(enrolled, failed).promotions().get(0).failedAt()).isEqualTo(failed.at);
    }

    @Test
    void consentChangesArrivingOutOfOrderKeepWhatEachReplacedSoAnyMomentCanBeReadBack() {
        Draft withdrawnInJuly = consent(Channel.LETTER, false, "2026-07-01T12:00:00Z");
        Draft grantedInApril = consent(Channel.LETTER, true, "2026-04-01T12:00:00Z");

        ContextDraft draft = new ContextDraft(TABLET_OWNER);
        EventApplier.apply(draft, withdrawnInJuly.body());
        EventApplier.apply(draft, grantedInApril.body());
        CustomerContext context = draft.toContext();

        assertThat(context.consents()).containsEntry(Channel.LETTER, false);
        assertThat(context.consentChanges()).extracting(c -> c.granted() + " " + c.previous())
                .containsExactly("true null", "false true");
        assertThat(context.asOf(Instant.parse("2026-03-01T00:00:00Z")).consents()).doesNotContainKey(Channel.LETTER);
        assertThat(context.asOf(Instant.parse("2026-05-20T00:00:00Z")).consents()).containsEntry(Channel.LETTER, true);
        assertThat(context.asOf(Instant.parse("2026-07-02T00:00:00Z")).consents()).containsEntry(Channel.LETTER, false);
    }

    private static Draft consent(Channel channel, boolean granted, String at) {
        Draft change = event(EventType.CONSENT_CHANGED);
        change.consentChannel = channel;
        change.granted = granted;
        change.at = Instant.parse(at);
        return change;
    }

    @Test
    void interactionsStayInTimeOrderWhateverOrderTheyArrive() {
        Draft later = event(EventType.INTERACTION);
        later.channel = Channel.WEB;
        later.at = Instant.parse("2026-05-01T00:00:00Z");
        Draft earlier = event(EventType.INTERACTION);
        earlier.channel = Channel.STORE;
        earlier.at = Instant.parse("2026-04-01T00:00:00Z");

        ContextDraft draft = new ContextDraft(TABLET_OWNER);
        EventApplier.apply(draft, later.body());
        EventApplier.apply(draft, earlier.body());

        assertThat(draft.toContext().interactions()).extracting(i -> i.channel())
                .containsExactly(Channel.STORE, Channel.WEB);
    }

    private static CustomerContext apply(CustomerContext context, Draft event) {
        ContextDraft draft = new ContextDraft(context);
        EventApplier.apply(draft, event.body());
        return draft.toContext();
    }

    private static Draft event(EventType type) {
        Draft draft = new Draft();
        draft.type = type;
        return draft;
    }

    /** An event under construction; fields a test does not set stay absent, as in a posted body. */
    private static final class Draft {
        EventType type;
        Instant at = MARCH_10;
        Channel channel = Channel.STORE;
        String subscriptionId;
        BigDecimal monthlyDelta;
        String kind;
        String device;
        String chargeId;
        YearMonth billMonth;
        BigDecimal amount;
        String topic;
        String caseId;
        String promotionId;
        PartnerPlan partnerPlan;
        Integer score;
        Channel consentChannel;
        Boolean granted;

        Draft subscription(String id) {
            subscriptionId = id;
            return this;
        }

        Draft delta(String delta) {
            monthlyDelta = new BigDecimal(delta);
            return this;
        }

        Draft kind(String value) {
            kind = value;
            return this;
        }

        Draft device(String value) {
            device = value;
            return this;
        }

        Draft charge(String id) {
            chargeId = id;
            return this;
        }

        Draft billMonth(String month) {
            billMonth = YearMonth.parse(month);
            return this;
        }

        Draft amount(String value) {
            amount = new BigDecimal(value);
            return this;
        }

        Draft caseId(String id) {
            caseId = id;
            return this;
        }

        Draft topic(String value) {
            topic = value;
            return this;
        }

        Draft promotion(String id) {
            promotionId = id;
            return this;
        }

        EventBody body() {
            return new EventBody("E-1", new CustomerRef("C-1", null), type, at, channel, "BA-1", subscriptionId,
                    monthlyDelta, kind, device, chargeId, billMonth, amount, topic, caseId, null, null, promotionId,
                    partnerPlan, null, score, consentChannel, granted);
        }
    }
}
