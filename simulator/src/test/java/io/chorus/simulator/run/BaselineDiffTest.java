package io.chorus.simulator.run;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.ChargeKind;
import io.chorus.engine.context.ChargeStatus;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Subscription;
import io.chorus.engine.context.SubscriptionStatus;
import io.chorus.engine.decision.Dates;
import io.chorus.simulator.Fixtures;
import io.chorus.simulator.population.PopulationGenerator;
import io.chorus.simulator.population.PopulationWriter;
import io.chorus.simulator.report.SimulationReport;
import io.chorus.simulator.report.SimulationReport.ActionChangeRow;
import io.chorus.simulator.report.SimulationReport.ChangedCustomer;
import io.chorus.simulator.source.JsonLinesFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.chorus.engine.context.Channel.CALL_CENTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed story's rule, undone: the candidate stops counting USAGE as not owed on a removed line ("usage was made
 * that month"). Exactly the customers billed usage on a line removed before the bill month must change, and the
 * credit removed must be exactly that usage. Everyone else is decided the same by both rule sets.
 */
class BaselineDiffTest {
    private static final int SIZE = 1500;

    @TempDir
    static Path dir;
    private static SimulationReport report;
    private static Path population;

    @BeforeAll
    static void run() throws Exception {
        Path candidateRules = Fixtures.copyOfDefaultRules(dir.resolve("candidate"));
        Fixtures.edit(candidateRules.resolve("plays/billing.drl"),
                "status != ChargeStatus.CREDITED, endedBefore",
                "status != ChargeStatus.CREDITED, kind != ChargeKind.USAGE, endedBefore");
        population = dir.resolve("population.jsonl");
        PopulationWriter.write(new PopulationGenerator(2026, Fixtures.AS_OF), SIZE, population, n -> { });

        // A sample as large as the population: every changed customer is listed, so the set can be compared.
        SimulationSettings settings = new SimulationSettings(List.of(CALL_CENTER), Fixtures.AS_OF, 5, false, 2, SIZE);
        report = new Simulator(Fixtures.rules(candidateRules), Fixtures.defaultRuleSet(), settings)
                .run(new JsonLinesFile(population), RunObserver.SILENT).report();
    }

    @Test
    void findsExactlyTheCustomersTheChangedRuleAffects() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (CustomerContext customer : customers()) {
            if (usageNotOwed(customer).signum() > 0) {
                expected.add(customer.customerId());
            }
        }
        Set<String> changed = report.changes().samples().stream().map(ChangedCustomer::customerId)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(changed).isEqualTo(expected);
        assertThat(report.changes().customersChanged()).isEqualTo(expected.size());
    }

    @Test
    void removesExactlyTheUsageCreditedBeforeAndAddsNone() throws Exception {
        BigDecimal usage = customers().stream().map(BaselineDiffTest::usageNotOwed)
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);

        assertThat(report.changes().credits()).singleElement().satisfies(row -> {
            assertThat(row.channel()).isEqualTo(CALL_CENTER);
            assertThat(row.removed()).isEqualTo(usage);
            assertThat(row.added()).isEqualTo(BigDecimal.ZERO.setScale(2));
            assertThat(row.net()).isEqualTo(usage.negate());
        });
    }

    @Test
    void customersBilledOnlyUsageLoseTheCreditAndTheBillingCorrection() throws Exception {
        long onlyUsage = customers().stream()
                .filter(c -> usageNotOwed(c).signum() > 0 && notOwed(c, null).equals(usageNotOwed(c)))
                .count();
        List<ActionChangeRow> rows = report.changes().actions();
        assertThat(rows).filteredOn(r -> r.key().equals("removed-line-charges"))
                .singleElement().satisfies(r -> {
                    assertThat(r.type()).isEqualTo(ActionType.CREDIT);
                    assertThat(r.lost()).isEqualTo(onlyUsage);
                    assertThat(r.gained()).isZero();
                });
        assertThat(onlyUsage).isPositive();
    }

    @Test
    void theCandidateAndBaselineAreEachCountedInFull() {
        assertThat(report.customers()).isEqualTo(SIZE);
        assertThat(report.decisions()).isEqualTo(2L * SIZE);
        assertThat(report.baseline()).isNotNull();
        assertThat(report.candidate()).isNotEqualTo(report.baseline());
    }

    private static List<CustomerContext> customers() throws Exception {
        return Files.readAllLines(population).stream().map(ContextJson::parse).toList();
    }

    private static BigDecimal usageNotOwed(CustomerContext customer) {
        return notOwed(customer, ChargeKind.USAGE);
    }

    /** What the baseline's billing rule credits: charges not yet credited on lines removed before their bill month. */
    private static BigDecimal notOwed(CustomerContext customer, ChargeKind kind) {
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (Subscription line : customer.subscriptions()) {
            if (line.status() != SubscriptionStatus.REMOVED) {
                continue;
            }
            total = total.add(customer.charges().stream()
                    .filter(ch -> Objects.equals(ch.subscriptionId(), line.subscriptionId()))
                    .filter(ch -> ch.status() != ChargeStatus.CREDITED && (kind == null || ch.kind() == kind))
                    .filter(ch -> Dates.endedBefore(line.endedAt(), ch.billMonth()))
                    .map(ch -> ch.amount())
                    .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add));
        }
        return total;
    }
}
