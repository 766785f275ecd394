package io.chorus.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.engine.json.Json;
import io.chorus.simulator.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.chorus.simulator.cli.SimulateCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An analyst finds the customers the rules leave without a worthwhile action. The population is the ten fixture
 * customers of rules/customers, decided on CALL_CENTER and EMAIL as of 2026-05-20T10:00Z with the default rules:
 * <ul>
 * <li>nothing but a fallback on either channel for Helen Marsh (nothing going on), Lucy Fernandes (her retention
 * offer blocked: she declined it within 90 days) and Owen Pritchard (blocked: one retention offer in 30 days), all
 * consumers;</li>
 * <li>Graham Whitfield, a business, is offered the shared-data retention offer in the call centre (propensity 0.5);
 * by email it is blocked, he has not consented to marketing there, and he is left with nothing;</li>
 * <li>Megan Doyle is offered only 10% off (propensity 0.55), Tom Hargreaves only 15% off (0.6), on both channels;</li>
 * <li>the others (Sam Rivers among them) are shown credits, billing fixes or case guidance, propensity 0.9 to 1.</li>
 * </ul>
 */
class ValueFinderTest {
    private static final String AS_OF = "2026-05-20T10:00:00Z";

    @TempDir
    static Path dir;
    private static Path population;

    @BeforeAll
    static void fixtureCustomers() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(Fixtures.defaultRules().resolve("customers"))) {
            for (Path file : files.sorted().toList()) {
                lines.add(Json.mapper().readTree(file.toFile()).toString());
            }
        }
        population = dir.resolve("fixture-customers.jsonl");
        Files.write(population, lines);
    }

    private static SimulateCommandTest.Run simulate(String name, String... more) {
        List<String> args = new ArrayList<>(List.of("--population", population.toString(), "--channel",
                "CALL_CENTER", "--channel", "EMAIL", "--as-of", AS_OF, "--json",
                dir.resolve(name + ".json").toString(), "--report", dir.resolve(name + ".html").toString(),
                "--progress", "NONE"));
        args.addAll(List.of(more));
        return run(new SimulateCommand(), args.toArray(String[]::new));
    }

    private static JsonNode valueFinder(String name) throws Exception {
        return Json.mapper().readTree(dir.resolve(name + ".json").toFile()).get("valueFinder");
    }

    /** A row as {@code CHANNEL SEGMENT customers noAction lowPropensity [baselineNoAction baselineLow]}. */
    private static List<String> gaps(JsonNode finder) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : finder.get("gaps")) {
            String text = row.get("channel").asText() + " " + row.get("segment").asText() + " "
                    + row.get("customers").asLong() + " " + row.get("noAction").asLong() + " "
                    + row.get("lowPropensity").asLong();
            if (row.has("baselineNoAction")) {
                text += " " + row.get("baselineNoAction").asLong() + " " + row.get("baselineLowPropensity").asLong();
            }
            rows.add(text);
        }
        return rows;
    }

    private static List<String> blocks(JsonNode finder) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : finder.get("blockedBy")) {
            rows.add(row.get("channel").asText() + " " + row.get("type").asText() + " "
                    + row.get("suppressions").asLong() + "/" + row.get("customers").asLong() + " "
                    + row.get("blockedBy").asText());
        }
        return rows;
    }

    @Test
    void countsCustomersShownNothingBySegmentWithTheDefaultThreshold() throws Exception {
        SimulateCommandTest.Run run = simulate("default");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode finder = valueFinder("default");
        assertThat(finder.get("threshold").asDouble()).isEqualTo(0.10);
        // Every action shown has a propensity of 0.5 or more: under 0.10 there are none.
        assertThat(gaps(finder)).containsExactly(
                "CALL_CENTER CONSUMER 8 3 0",
                "CALL_CENTER BUSINESS 2 0 0",
                "EMAIL CONSUMER 8 3 0",
                "EMAIL BUSINESS 2 1 0");
        assertThat(run.out()).contains("Value finder: customers left without a worthwhile action (nothing shown, or"
                + " only actions with a propensity under 0.1)");
        assertThat(Files.readString(dir.resolve("default.html"))).contains("<h2>Value finder</h2>")
                .contains("<h3>What blocked their candidates</h3>");
    }

    @Test
    void countsCustomersShownOnlyActionsUnderTheThresholdAndWhatBlockedTheirCandidates() throws Exception {
        SimulateCommandTest.Run run = simulate("threshold", "--value-threshold", "0.6");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode finder = valueFinder("threshold");
        assertThat(finder.get("threshold").asDouble()).isEqualTo(0.6);
        // Graham (0.5, business, call centre only) and Megan (0.55) are under 0.6; Tom's 0.6 is not under it.
        assertThat(gaps(finder)).containsExactly(
                "CALL_CENTER CONSUMER 8 3 1",
                "CALL_CENTER BUSINESS 2 0 1",
                "EMAIL CONSUMER 8 3 1",
                "EMAIL BUSINESS 2 1 0");
        // Only the suppressions of the customers left without value: Sam's and Daniel's blocks are not among them.
        assertThat(blocks(finder)).containsExactly(
                "CALL_CENTER RETENTION_OFFER 1/1 An offer declined in the last 90 days is not made again",
                "CALL_CENTER RETENTION_OFFER 1/1 At most one retention offer in 30 days",
                "EMAIL RETENTION_OFFER 1/1 An offer declined in the last 90 days is not made again",
                "EMAIL RETENTION_OFFER 1/1 At most one retention offer in 30 days",
                "EMAIL RETENTION_OFFER 1/1 No marketing on an outbound channel without consent");
        assertThat(run.out()).contains("Value finder: what blocked those customers' candidates");
    }

    @Test
    void showsTheBaselinesCountsBesideTheCandidates() throws Exception {
        // The baseline rates 10% off a consumer of 2 to 5 years at 0.65: Megan's offer is worth showing there.
        Path baseline = Fixtures.copyOfDefaultRules(dir.resolve("baseline"));
        Fixtures.edit(baseline.resolve("tables/retention-offers.drl.csv"), ",0.55,0.7,", ",0.65,0.7,");
        SimulateCommandTest.Run run = simulate("baseline", "--value-threshold", "0.6", "--baseline",
                baseline.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(gaps(valueFinder("baseline"))).containsExactly(
                "CALL_CENTER CONSUMER 8 3 1 3 0",
                "CALL_CENTER BUSINESS 2 0 1 0 1",
                "EMAIL CONSUMER 8 3 1 3 0",
                "EMAIL BUSINESS 2 1 0 1 0");
        assertThat(run.out()).contains("BASELINE NO ACTION");
        assertThat(Files.readString(dir.resolve("baseline.html"))).contains("Baseline: low propensity");
    }

    @Test
    void aThresholdOutsideZeroToOneIsAUsageError() {
        SimulateCommandTest.Run run = simulate("bad", "--value-threshold", "1.5");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--value-threshold must be between 0 and 1");
        assertThat(dir.resolve("bad.json")).doesNotExist();
    }
}
