package io.chorus.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.engine.json.Json;
import io.chorus.simulator.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.chorus.simulator.cli.SimulateCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A planner sees how a candidate rule set's volume constraints change its reach. */
class ConstraintReachTest {
    private static final String AS_OF = "2026-05-20T10:00:00Z";

    @TempDir
    Path dir;

    private JsonNode simulate(Path rules, Path population, String name) throws Exception {
        Path json = dir.resolve(name + ".json");
        Path html = dir.resolve(name + ".html");
        SimulateCommandTest.Run run = run(new SimulateCommand(), "--population", population.toString(), "--channel",
                "LETTER", "--channel", "EMAIL", "--as-of", AS_OF, "--rules", rules.toString(), "--json",
                json.toString(), "--report", html.toString(), "--progress", "NONE");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Volume constraints: customers reached");
        assertThat(Files.readString(html)).contains("<h2>Volume constraints</h2>");
        return Json.mapper().readTree(json.toFile());
    }

    @Test
    void tighterLimitsReachFewerCustomersAndNeverUseMoreThanTheLimit() throws Exception {
        Path population = dir.resolve("population.jsonl");
        assertThat(run(new PopulationCommand(), "generate", "--size", "800", "--seed", "9", "--as-of", AS_OF,
                "--out", population.toString(), "--progress", "NONE").exitCode()).isZero();
        Path loose = Fixtures.copyOfDefaultRules(dir.resolve("loose"));
        Path tight = Fixtures.copyOfDefaultRules(dir.resolve("tight"));
        Fixtures.edit(tight.resolve("constraints.yaml"), "limit: 400", "limit: 5");
        Fixtures.edit(tight.resolve("constraints.yaml"), "budget: 7000.00", "budget: 70.00");

        JsonNode wide = simulate(loose, population, "loose").get("constraints");
        JsonNode narrow = simulate(tight, population, "tight").get("constraints");

        // The same decisions either way: the constraints only change what the allocation keeps.
        assertThat(narrow.get("customersReachedWithout").asLong())
                .isEqualTo(wide.get("customersReachedWithout").asLong()).isPositive();
        assertThat(wide.get("customersReachedWith").asLong()).isEqualTo(wide.get("customersReachedWithout").asLong());
        assertThat(narrow.get("customersReachedWith").asLong()).isLessThan(wide.get("customersReachedWith").asLong());
        Map<String, JsonNode> rows = new HashMap<>();
        narrow.get("constraints").forEach(r -> rows.put(r.get("name").asText(), r));
        JsonNode letters = rows.get("retention-letters");
        assertThat(letters.get("limit").decimalValue()).isEqualByComparingTo("5");
        assertThat(letters.get("used").decimalValue()).isEqualByComparingTo("5");
        assertThat(letters.get("demand").decimalValue()).isGreaterThan(letters.get("used").decimalValue());
        assertThat(letters.get("customersHeldBack").asLong()).isPositive();
        JsonNode reviews = rows.get("business-account-reviews");
        assertThat(reviews.get("used").decimalValue()).isLessThanOrEqualTo(reviews.get("limit").decimalValue());
    }
}
