package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Segment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Arbitration as a mechanism, without a rule engine: what rules produce goes in, the decision comes out. */
class ArbiterTest {
    private static final CustomerContext CUSTOMER = new CustomerContext("C-7", "Ada", Segment.CONSUMER, null, null,
            null, null, null, null, null, null, null, null, null);
    private static final List<ChannelCapability> WEB_SHOWS_ALL = Arrays.stream(ActionType.values())
            .map(t -> new ChannelCapability(Channel.WEB, t)).toList();

    private final Proposal guidance = Proposal.of("Guide", ActionType.GUIDANCE, "guide").title("Guide").propensity(0.9).value(0.5);
    private final Proposal offer = Proposal.of("Offer", ActionType.OUTREACH, "offer").title("Offer").propensity(0.4).value(1.0);
    private final Proposal credit = Proposal.of("Credit", ActionType.CREDIT, "credit").title("Credit").propensity(0.1).value(0.1).asMandatory();

    private Decision arbitrate(int maxActions, List<Proposal> proposals, List<Block> blocks, List<PriorityFactor> factors,
                               List<ChannelCapability> capabilities) {
        DecisionRequest request = new DecisionRequest(CUSTOMER, Channel.WEB, Instant.parse("2026-05-20T10:00:00Z"), maxActions);
        return Arbiter.decide("d-1", request, "sha256:test",
                new Arbiter.RuleOutput(proposals, blocks, factors, capabilities, List.of()), List.of());
    }

    @Test
    void priorityIsTheProductOfItsFactorsAndOrdersTheActions() {
        PriorityFactor lever = new PriorityFactor(ActionType.OUTREACH, "offer", Factor.LEVER, 1.5, "Push offers", "campaign");

        Decision decision = arbitrate(5, List.of(guidance, offer), List.of(), List.of(lever), WEB_SHOWS_ALL);

        assertThat(decision.actions()).extracting(Action::key).containsExactly("offer", "guide");
        assertThat(decision.actions().get(0).priority()).isEqualTo(0.6);
        assertThat(decision.actions().get(0).reasons()).extracting(Reason::text)
                .contains("lever ×1.50: campaign", "priority 0.60 = propensity 0.40 × context weight 1.00 × value 1.00 × lever 1.50");
    }

    @Test
    void blockedCandidateIsSuppressedWithTheBlockingRuleAndNeverShown() {
        Block veto = new Block(ActionType.OUTREACH, "offer", "Dispute open", "A billing dispute is open.");

        Decision decision = arbitrate(5, List.of(guidance, offer), List.of(veto), List.of(), WEB_SHOWS_ALL);

        assertThat(decision.actions()).extracting(Action::key).containsExactly("guide");
        assertThat(decision.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.blockedBy()).isEqualTo("Dispute open");
            assertThat(s.reason()).isEqualTo("A billing dispute is open.");
            assertThat(s.proposedBy()).isEqualTo("Offer");
            assertThat(s.actionId()).isEqualTo(ActionIds.of("C-7", ActionType.OUTREACH, "offer"));
        });
    }

    @Test
    void mandatoryActionIsKeptWhateverItsPriorityAndMaxActionsCutsTheRest() {
        Decision decision = arbitrate(1, List.of(guidance, offer, credit), List.of(), List.of(), WEB_SHOWS_ALL);

        assertThat(decision.actions()).extracting(Action::key).containsExactly("credit");
        assertThat(decision.notShown()).extracting(NotShown::title).containsExactly("Guide", "Offer");
    }

    @Test
    void channelThatCannotPresentATypeListsItAsNotShown() {
        List<ChannelCapability> guidanceOnly = List.of(new ChannelCapability(Channel.WEB, ActionType.GUIDANCE));

        Decision decision = arbitrate(5, List.of(guidance, offer), List.of(), List.of(), guidanceOnly);

        assertThat(decision.actions()).extracting(Action::key).containsExactly("guide");
        assertThat(decision.notShown()).singleElement().satisfies(n ->
                assertThat(n.reason()).isEqualTo("The WEB channel cannot present a OUTREACH action."));
    }

    @Test
    void sameCandidateProposedTwiceIsOneActionWithBothReasons() {
        Proposal again = Proposal.of("Guide again", ActionType.GUIDANCE, "guide").reason("second opinion");

        Decision decision = arbitrate(5, List.of(guidance.reason("first opinion"), again), List.of(), List.of(), WEB_SHOWS_ALL);

        assertThat(decision.actions()).singleElement().satisfies(a -> assertThat(a.reasons()).extracting(Reason::text)
                .contains("first opinion", "second opinion"));
    }

    @Test
    void actionIdsDependOnCustomerAndCandidateOnly() {
        assertThat(ActionIds.of("C-7", ActionType.CREDIT, "x")).isEqualTo(ActionIds.of("C-7", ActionType.CREDIT, "x"))
                .isNotEqualTo(ActionIds.of("C-8", ActionType.CREDIT, "x"))
                .isNotEqualTo(ActionIds.of("C-7", ActionType.GUIDANCE, "x"))
                .matches("A-[0-9a-f]{20}");
    }

    private final Proposal checkIn = Proposal.of("Fallback", ActionType.GUIDANCE, "fallback:check-in").title("Check in")
            .asFallback();

    @Test
    void fallbackIsShownOnlyWhenNothingElseQualifies() {
        Decision quiet = arbitrate(5, List.of(checkIn), List.of(), List.of(), WEB_SHOWS_ALL);
        Decision busy = arbitrate(5, List.of(checkIn, guidance), List.of(), List.of(), WEB_SHOWS_ALL);

        assertThat(quiet.actions()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("fallback:check-in");
            assertThat(a.fallback()).isTrue();
        });
        assertThat(busy.actions()).extracting(Action::key).containsExactly("guide");
        assertThat(busy.notShown()).isEmpty();
    }

    @Test
    void fallbackStandsInWhenEveryCandidateIsBlocked() {
        Block veto = new Block(ActionType.OUTREACH, "offer", "Declined", "The customer declined it.");

        Decision decision = arbitrate(5, List.of(offer, checkIn), List.of(veto), List.of(), WEB_SHOWS_ALL);

        assertThat(decision.actions()).extracting(Action::key).containsExactly("fallback:check-in");
        assertThat(decision.suppressed()).extracting(Suppressed::key).containsExactly("offer");
    }

    @Test
    void purposeComesFromTheDeclaredPurposesAndIsMarketingWhereNoneIsDeclared() {
        DecisionRequest request = new DecisionRequest(CUSTOMER, Channel.WEB, Instant.parse("2026-05-20T10:00:00Z"));
        Decision decision = Arbiter.decide("d-1", request, "sha256:test", new Arbiter.RuleOutput(
                List.of(guidance, offer), List.of(), List.of(), WEB_SHOWS_ALL,
                List.of(new ActionPurpose(ActionType.GUIDANCE, Purpose.SERVICE)), List.of(), List.of()), List.of());

        assertThat(decision.actions()).extracting(Action::key, Action::purpose)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("guide", Purpose.SERVICE),
                        org.assertj.core.groups.Tuple.tuple("offer", Purpose.MARKETING));
        assertThat(decision.actions()).allSatisfy(a -> assertThat(a.propensitySource()).isEqualTo(PropensitySource.RULE));
        assertThat(decision.outbound()).isFalse();
    }

    @Test
    void anActionAConstraintHasNoRoomForIsHeldBackAndTheNextTakesItsPlace() {
        io.chorus.engine.constraints.VolumeConstraint offers = new io.chorus.engine.constraints.VolumeConstraint(
                "web-offers", Channel.WEB, ActionType.OUTREACH, null,
                io.chorus.engine.constraints.VolumeConstraint.Period.DAY, java.math.BigDecimal.TEN, null, null);
        DecisionRequest request = new DecisionRequest(CUSTOMER, Channel.WEB, Instant.parse("2026-05-20T10:00:00Z"), 1,
                new OutsideFacts(java.util.Map.of("web-offers", java.math.BigDecimal.ZERO)));

        Decision decision = Arbiter.decide("d-1", request, "sha256:test",
                new Arbiter.RuleOutput(List.of(offer.propensity(0.9), guidance), List.of(), List.of(), WEB_SHOWS_ALL,
                        List.of()), List.of(), List.of(offers));

        assertThat(decision.actions()).extracting(Action::key).containsExactly("guide");
        assertThat(decision.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.blockedBy()).isEqualTo("constraint:web-offers");
            assertThat(s.reason()).isEqualTo("The web-offers limit (10 a day) is used up for the day starting 2026-05-20.");
        });
    }
}
