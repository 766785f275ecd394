package io.chorus.simulator.population;

import io.chorus.engine.context.AccountEventType;
import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.CaseStatus;
import io.chorus.engine.context.CaseTopic;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ChargeKind;
import io.chorus.engine.context.ChargeStatus;
import io.chorus.engine.context.ContactOutcome;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.PartnerPlan;
import io.chorus.engine.context.PromotionStatus;
import io.chorus.engine.context.Segment;
import io.chorus.engine.context.Subscription;
import io.chorus.engine.context.SubscriptionStatus;
import io.chorus.engine.decision.ActionIds;
import io.chorus.engine.decision.Dates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.chorus.simulator.Fixtures.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;

class PopulationGeneratorTest {
    private static final int SIZE = 4000;
    private static final LocalDate TODAY = LocalDate.ofInstant(AS_OF, ZoneOffset.UTC);
    private static List<CustomerContext> population;

    @BeforeAll
    static void generate() {
        PopulationGenerator generator = new PopulationGenerator(42, AS_OF);
        population = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            population.add(generator.customer(i));
        }
    }

    @Test
    void sameSeedWritesTheSameFileByteForByte(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        PopulationWriter.write(new PopulationGenerator(7, AS_OF), 500, first, n -> { });
        PopulationWriter.write(new PopulationGenerator(7, AS_OF), 500, second, n -> { });

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(Files.readAllLines(first)).hasSize(500);
    }

    @Test
    void differentSeedsWriteDifferentPopulations() throws IOException {
        assertThat(text(new PopulationGenerator(1, AS_OF), 50)).isNotEqualTo(text(new PopulationGenerator(2, AS_OF), 50));
    }

    @Test
    void aCustomerIsTheSameWhateverThePopulationSize() throws IOException {
        String small = text(new PopulationGenerator(9, AS_OF), 100);
        String large = text(new PopulationGenerator(9, AS_OF), 300);

        assertThat(large).startsWith(small);
    }

    @Test
    void everyGeneratedContextPassesTheContractsValidation() {
        for (CustomerContext customer : population) {
            assertThat(ContextJson.parse(ContextJson.write(customer))).isEqualTo(customer);
        }
    }

    @Test
    void customerIdsAreUniqueAndNothingHappensAfterThePopulationsNow() {
        assertThat(population.stream().map(CustomerContext::customerId).distinct()).hasSize(SIZE);
        for (CustomerContext c : population) {
            assertThat(c.accountEvents()).allSatisfy(e -> assertThat(e.at()).isBeforeOrEqualTo(AS_OF));
            assertThat(c.interactions()).allSatisfy(i -> assertThat(i.at()).isBeforeOrEqualTo(AS_OF));
            assertThat(c.cases()).allSatisfy(k -> assertThat(k.openedAt()).isBeforeOrEqualTo(AS_OF));
            assertThat(c.surveys()).allSatisfy(s -> assertThat(s.at()).isBeforeOrEqualTo(AS_OF));
            assertThat(c.contactHistory()).allSatisfy(h -> assertThat(h.at()).isBeforeOrEqualTo(AS_OF));
        }
    }

    @Test
    void mixesConsumerAndBusinessCustomersWithSeveralLines() {
        assertThat(share(c -> c.segment() == Segment.BUSINESS)).isBetween(0.17, 0.27);
        assertThat(share(c -> c.subscriptions().size() >= 3)).isGreaterThan(0.15);
        assertThat(population.stream().map(c -> c.subscriptions().get(0).kind()).collect(Collectors.toSet()))
                .hasSize(3);
    }

    @Test
    void someRemovedSimsAreStillBilledUsageIncluded() {
        assertThat(share(c -> c.subscriptions().stream().anyMatch(s -> s.status() == SubscriptionStatus.REMOVED)))
                .isBetween(0.14, 0.22);
        assertThat(share(c -> !chargesAfterRemoval(c, null).isEmpty())).isBetween(0.05, 0.11);
        assertThat(share(c -> !chargesAfterRemoval(c, ChargeKind.USAGE).isEmpty())).isBetween(0.015, 0.06);
        assertThat(share(c -> c.cases().stream().anyMatch(k -> k.topic() == CaseTopic.BILLING_DISPUTE
                && k.status() == CaseStatus.OPEN))).isGreaterThan(0.02);
    }

    @Test
    void promotionsComeInEveryStateAndPartnerPlan() {
        Set<PromotionStatus> statuses = EnumSet.noneOf(PromotionStatus.class);
        Set<PartnerPlan> plans = EnumSet.noneOf(PartnerPlan.class);
        population.forEach(c -> c.promotions().forEach(p -> {
            statuses.add(p.status());
            plans.add(p.partnerPlan());
        }));
        assertThat(statuses).containsExactlyInAnyOrder(PromotionStatus.values());
        assertThat(plans).containsExactlyInAnyOrder(PartnerPlan.values());
        assertThat(share(c -> c.promotions().stream().anyMatch(p -> p.status() == PromotionStatus.ENROLLED
                && p.partnerPlan() == PartnerPlan.PAID_PREMIUM && p.partnerMonthlyFee() != null))).isGreaterThan(0.01);
    }

    @Test
    void casesAreOpenOrResolvedAndCarryTheirInteractions() {
        assertThat(population.stream().flatMap(c -> c.cases().stream()).map(k -> k.status()).distinct())
                .containsExactlyInAnyOrder(CaseStatus.values());
        assertThat(population.stream().flatMap(c -> c.cases().stream()).map(k -> k.topic()).distinct())
                .containsExactlyInAnyOrder(CaseTopic.values());
        for (CustomerContext c : population) {
            for (var k : c.cases()) {
                assertThat(c.interactions()).as(c.customerId() + " case " + k.caseId())
                        .anyMatch(i -> k.caseId().equals(i.caseId()));
            }
        }
        assertThat(share(c -> c.interactions().stream().map(i -> i.channel()).distinct().count() >= 3))
                .isGreaterThan(0.01);
    }

    @Test
    void churnSignalsAndGrowingAccountsAreBothThere() {
        assertThat(share(c -> hasEvent(c, AccountEventType.CANCELLATION_REQUESTED, 90))).isBetween(0.02, 0.045);
        assertThat(share(c -> hasEvent(c, AccountEventType.PORT_OUT_REQUESTED, 90))).isBetween(0.01, 0.035);
        assertThat(share(c -> c.accounts().stream().anyMatch(a -> a.contractEnd() != null
                && Dates.daysUntil(a.contractEnd(), TODAY) >= 0 && Dates.daysUntil(a.contractEnd(), TODAY) <= 60)))
                .isBetween(0.06, 0.14);
        assertThat(share(c -> c.accountEvents().stream().anyMatch(e -> e.monthlyDelta() != null
                && e.monthlyDelta().signum() < 0 && Dates.daysSince(e.at(), AS_OF) <= 90))).isGreaterThan(0.05);
        assertThat(share(c -> hasEvent(c, AccountEventType.CONTRACT_RENEWED, 90))).isBetween(0.11, 0.19);
        assertThat(share(c -> hasEvent(c, AccountEventType.LINE_ADDED, 90))).isGreaterThan(0.06);
    }

    @Test
    void consentIsSometimesWithheldAndSometimesNeverGiven() {
        for (Channel channel : List.of(Channel.EMAIL, Channel.SMS, Channel.LETTER, Channel.SOCIAL)) {
            assertThat(share(c -> Boolean.TRUE.equals(c.consents().get(channel)))).as(channel + " granted")
                    .isGreaterThan(0.2);
            assertThat(share(c -> Boolean.FALSE.equals(c.consents().get(channel)))).as(channel + " refused")
                    .isGreaterThan(0.05);
            assertThat(share(c -> !c.consents().containsKey(channel))).as(channel + " never asked")
                    .isGreaterThan(0.02);
        }
    }

    @Test
    void contactHistoryHoldsAcceptedAndDeclinedOffersTheRulesRecognise() {
        List<ContactRecord> records = population.stream().flatMap(c -> c.contactHistory().stream()).toList();
        assertThat(records).extracting(ContactRecord::outcome)
                .contains(ContactOutcome.ACCEPTED, ContactOutcome.DECLINED, ContactOutcome.SENT);
        long declinedCurrentOffers = population.stream().filter(c -> c.contactHistory().stream().anyMatch(h ->
                h.outcome() == ContactOutcome.DECLINED && h.actionType() == ActionType.RETENTION_OFFER
                        && h.actionId().equals(ActionIds.of(c.customerId(), ActionType.RETENTION_OFFER,
                        "retention:" + RetentionCatalogue.offerFor(c.segment(), tenure(c)))))).count();
        assertThat(declinedCurrentOffers).isGreaterThan(SIZE / 100);
    }

    @Test
    void surveysHavePromotersPassivesAndDetractors() {
        List<Integer> scores = population.stream().flatMap(c -> c.surveys().stream()).map(s -> s.score()).toList();
        assertThat(scores).allMatch(s -> s >= 0 && s <= 10);
        assertThat(scores).anyMatch(s -> s >= 9).anyMatch(s -> s == 7 || s == 8).anyMatch(s -> s <= 6);
    }

    private static long tenure(CustomerContext c) {
        return Dates.yearsSince(c.accounts().get(0).openedAt(), TODAY);
    }

    private static boolean hasEvent(CustomerContext c, AccountEventType type, int withinDays) {
        return c.accountEvents().stream().anyMatch(e -> e.type() == type
                && Duration.between(e.at(), AS_OF).toDays() <= withinDays);
    }

    /** BILLED charges on lines removed before their bill month began; {@code kind} null for any kind. */
    static List<Object> chargesAfterRemoval(CustomerContext c, ChargeKind kind) {
        List<Object> found = new ArrayList<>();
        for (Subscription line : c.subscriptions()) {
            if (line.status() != SubscriptionStatus.REMOVED) {
                continue;
            }
            c.charges().stream()
                    .filter(ch -> Objects.equals(ch.subscriptionId(), line.subscriptionId()))
                    .filter(ch -> ch.status() == ChargeStatus.BILLED && (kind == null || ch.kind() == kind))
                    .filter(ch -> Dates.endedBefore(line.endedAt(), ch.billMonth()))
                    .forEach(found::add);
        }
        return found;
    }

    private static double share(Predicate<CustomerContext> test) {
        return population.stream().filter(test).count() / (double) SIZE;
    }

    private static String text(PopulationGenerator generator, int size) throws IOException {
        StringWriter out = new StringWriter();
        PopulationWriter.write(generator, size, out, n -> { });
        return out.toString();
    }
}
