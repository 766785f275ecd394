package io.chorus.engine.decision;

import io.chorus.engine.Fixtures;
import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The two seed stories, decided by the default rule set: what every channel must (and must not) show. */
class SeedStoryDecisionsTest {
    private final RuleSet rules = Fixtures.defaultRules();
    private final CustomerContext sam = Fixtures.samRivers();

    private Decision decide(Channel channel) {
        return rules.decide(new DecisionRequest(sam, channel, Fixtures.AFTER_MAY_COMPLAINTS));
    }

    @Test
    void removedSimChargeIsCreditedInFullWithEachChargeNamed() {
        Decision decision = decide(Channel.CALL_CENTER);

        assertThat(decision.actions()).filteredOn(a -> a.key().equals("removed-line-charges")).singleElement()
                .satisfies(credit -> {
                    assertThat(credit.type()).isEqualTo(ActionType.CREDIT);
                    assertThat(credit.amount()).isEqualByComparingTo("12.50");
                    assertThat(credit.mandatory()).isTrue();
                    assertThat(credit.reasons()).anySatisfy(r -> assertThat(r.text()).contains("CH-9").contains("S-4"));
                });
        assertThat(decision.actions()).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(ActionType.GUIDANCE);
            assertThat(a.key()).isEqualTo("correct-billing:S-4");
        });
    }

    @Test
    void removedSimChargeIsCreditedOnEveryChannel() {
        Map<Channel, List<Action>> creditsAndGuidance = new EnumMap<>(Channel.class);
        for (Channel channel : List.of(Channel.STORE, Channel.CALL_CENTER, Channel.WEB, Channel.APP)) {
            creditsAndGuidance.put(channel, decide(channel).actions().stream()
                    .filter(a -> a.type() == ActionType.CREDIT || a.type() == ActionType.GUIDANCE)
                    .sorted(java.util.Comparator.comparing(Action::actionId)).toList());
        }

        List<Action> store = creditsAndGuidance.get(Channel.STORE);
        assertThat(store).extracting(Action::key).contains("removed-line-charges", "correct-billing:S-4",
                "promotion-activation:MUSIC_PREMIUM_BUNDLE");
        for (List<Action> onChannel : creditsAndGuidance.values()) {
            assertThat(onChannel).extracting(Action::actionId, Action::amount, Action::message)
                    .isEqualTo(store.stream().map(a -> org.assertj.core.groups.Tuple.tuple(a.actionId(), a.amount(), a.message())).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Channel.class, names = {"LETTER", "CALL_CENTER", "EMAIL"})
    void retentionLetterToTheGrowingAccountIsSuppressedWithItsReason(Channel channel) {
        Decision decision = decide(channel);

        assertThat(decision.actions()).noneMatch(a -> a.type() == ActionType.RETENTION_OFFER);
        assertThat(decision.suppressed()).filteredOn(s -> s.type() == ActionType.RETENTION_OFFER).singleElement()
                .satisfies(s -> {
                    assertThat(s.blockedBy()).isEqualTo("No retention offer to a growing account");
                    assertThat(s.reason()).contains("The account is growing");
                    assertThat(s.alsoBlockedBy()).extracting(Reason::text)
                            .anySatisfy(text -> assertThat(text).contains("renewed on 2026-03-10"));
                });
    }

    @Test
    void premiumSubscriberGetsTheSameActivationAdviceAndNeverTheDeleteAppAdvice() {
        for (Channel channel : List.of(Channel.STORE, Channel.CALL_CENTER, Channel.WEB, Channel.APP, Channel.SOCIAL)) {
            Decision decision = decide(channel);

            assertThat(decision.actions()).filteredOn(a -> a.key().equals("promotion-activation:MUSIC_PREMIUM_BUNDLE"))
                    .singleElement().satisfies(advice -> assertThat(advice.message())
                            .contains("Cancel the paid premium subscription").contains("run out")
                            .contains("Keep the app installed"));
            assertThat(decision.actions()).noneMatch(a -> a.message().contains("delete the partner app"));
            assertThat(decision.suppressed()).anySatisfy(s -> {
                assertThat(s.key()).isEqualTo("promotion-troubleshooting:MUSIC_PREMIUM_BUNDLE");
                assertThat(s.blockedBy()).isEqualTo("Never advise deleting the app to a premium subscriber");
                assertThat(s.reason()).contains("offline downloads");
            });
        }
    }

    @Test
    void slowActivationRefundsThePartnerFeesPaidSinceEnrolment() {
        Decision decision = decide(Channel.CALL_CENTER);

        assertThat(decision.actions()).filteredOn(a -> a.key().equals("promotion-refund:MUSIC_PREMIUM_BUNDLE"))
                .singleElement().satisfies(refund -> assertThat(refund.amount()).isEqualByComparingTo("19.98"));
    }

    @Test
    void openCaseGuidanceTellsTheWholeHistorySoNobodyAsksAgain() {
        Decision decision = decide(Channel.SOCIAL);

        assertThat(decision.actions()).filteredOn(a -> a.key().equals("open-case:K-1")).singleElement()
                .satisfies(a -> assertThat(a.message()).contains("5 time(s)").contains("2026-04-12 STORE")
                        .contains("2026-05-12 SOCIAL").contains("Do not ask them to repeat it"));
    }

    @Test
    void storySoFarIsTheSameShortAccountOnEveryChannel() {
        List<String> story = decide(Channel.STORE).storySoFar();

        assertThat(story).first().asString().startsWith("2026-03-10 STORE: contract renewed, 2 lines added, tablet SIM S-4 removed");
        assertThat(story).anySatisfy(line -> assertThat(line).contains("2026-04 bill: 12.50").contains("still owed back"));
        assertThat(story).anySatisfy(line -> assertThat(line).contains("case K-1").contains("still open"));
        assertThat(decide(Channel.LETTER).storySoFar()).isEqualTo(story);
    }

    @Test
    void salesOutreachWaitsUntilTheBillingDisputeIsResolved() {
        Decision decision = decide(Channel.STORE);

        assertThat(decision.suppressed()).anySatisfy(s -> {
            assertThat(s.type()).isEqualTo(ActionType.OUTREACH);
            assertThat(s.blockedBy()).isEqualTo("No sales outreach while a billing dispute is open");
        });
    }

    @Test
    void channelShowsOnlyWhatItCanPresentAndListsTheRest() {
        Decision letter = decide(Channel.LETTER);

        assertThat(letter.actions()).extracting(Action::type).doesNotContain(ActionType.GUIDANCE);
        assertThat(letter.actions()).anySatisfy(a -> assertThat(a.amount()).isEqualByComparingTo(new BigDecimal("12.50")));
        assertThat(letter.notShown()).anySatisfy(n -> {
            assertThat(n.type()).isEqualTo(ActionType.GUIDANCE);
            assertThat(n.reason()).contains("LETTER channel cannot present");
        });
    }

    @Test
    void withoutLetterConsentTheCreditLetterStillGoesAndMarketingIsBlockedWithItsReason() {
        CustomerContext noLetters = new CustomerContext(sam.customerId(), sam.name(), sam.segment(), sam.identifiers(),
                Map.of(Channel.EMAIL, true), sam.accounts(), sam.subscriptions(), sam.accountEvents(), sam.charges(),
                sam.interactions(), sam.cases(), sam.promotions(), sam.surveys(), sam.contactHistory());

        Decision decision = rules.decide(new DecisionRequest(noLetters, Channel.LETTER, Fixtures.AFTER_MAY_COMPLAINTS));

        assertThat(decision.actions()).extracting(Action::type).containsOnly(ActionType.CREDIT);
        assertThat(decision.actions()).allSatisfy(a -> assertThat(a.purpose()).isEqualTo(Purpose.SERVICE));
        assertThat(decision.suppressed()).filteredOn(s -> s.type() == ActionType.RETENTION_OFFER)
                .singleElement().satisfies(s -> assertThat(s.blockedBy()).isEqualTo(
                        "No marketing on an outbound channel without consent"));
    }

    @Test
    void mandatoryActionsSurviveASmallMaxActionsAndTheRestAreListed() {
        Decision decision = rules.decide(new DecisionRequest(sam, Channel.CALL_CENTER, Fixtures.AFTER_MAY_COMPLAINTS, 1));

        assertThat(decision.actions()).allMatch(Action::mandatory).extracting(Action::key)
                .containsExactlyInAnyOrder("removed-line-charges", "correct-billing:S-4", "open-case:K-1",
                        "promotion-activation:MUSIC_PREMIUM_BUNDLE", "promotion-refund:MUSIC_PREMIUM_BUNDLE");
        assertThat(decision.notShown()).extracting(NotShown::reason)
                .allSatisfy(r -> assertThat(r).contains("Ranked below the 1 actions"));
    }

    @Test
    void actionsAreOrderedBestFirstWithThePriorityBreakdownInTheirReasons() {
        List<Action> actions = decide(Channel.CALL_CENTER).actions();

        assertThat(actions).extracting(Action::priority).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(actions).allSatisfy(a -> assertThat(a.reasons()).anySatisfy(r -> {
            assertThat(r.rule()).isEqualTo(Arbiter.ARBITRATION);
            assertThat(r.text()).matches("priority \\d+\\.\\d\\d = propensity .* × context weight .* × value .* × lever .*");
        }));
    }

    @Test
    void beforeTheAprilBillThereIsNothingToCredit() {
        Decision inMarch = rules.decide(new DecisionRequest(sam, Channel.STORE, java.time.Instant.parse("2026-03-20T10:00:00Z")));

        assertThat(inMarch.actions()).noneMatch(a -> a.type() == ActionType.CREDIT && a.key().equals("removed-line-charges"))
                .isNotEmpty();
        assertThat(inMarch.storySoFar()).noneMatch(line -> line.contains("2026-04-12"));
    }
}
