package io.chorus.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.simulator.cli.SimulateCommand;
import io.chorus.simulator.population.PopulationGenerator;
import io.chorus.simulator.population.PopulationWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spark job against {@code chorus simulate} on the same population, in Spark's local mode with two threads:
 * the JSON reports must agree in every count, every amount of money and every sample (only the elapsed time
 * differs), with and without a baseline, from a plain and from a gzipped file.
 */
class SimulateJobTest {
    private static final String AS_OF = "2026-05-20T10:00:00Z";
    private static final int SIZE = 1200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path rules;
    private static Path baseline;
    private static Path population;
    private static Path gzipped;

    @BeforeAll
    static void setUp() throws IOException {
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        rules = Path.of(System.getProperty("chorus.home", ".."), "rules").toAbsolutePath().normalize();
        // The baseline is the default rules before the seed story's fix: usage billed on a removed line still owed.
        baseline = copy(rules, dir.resolve("baseline"));
        edit(baseline.resolve("plays/billing.drl"), "status != ChargeStatus.CREDITED, endedBefore",
                "status != ChargeStatus.CREDITED, kind != ChargeKind.USAGE, endedBefore");

        Path generated = dir.resolve("generated.jsonl");
        PopulationWriter.write(new PopulationGenerator(7, Instant.parse(AS_OF)), SIZE, generated, n -> { });
        // Bad records and a blank line among the customers: their locations and order must come out the same.
        List<String> lines = new ArrayList<>(Files.readAllLines(generated));
        lines.add(3, "{\"customerId\": ");
        lines.add(500, "");
        lines.add(900, "[1, 2]");
        population = dir.resolve("population.jsonl");
        Files.write(population, lines);
        gzipped = dir.resolve("population.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(population, out);
        }
    }

    @AfterAll
    static void tearDown() {
        Stream.of("spark.master", "spark.ui.enabled", "spark.driver.host", "spark.driver.bindAddress")
                .forEach(System::clearProperty);
    }

    @Test
    void sameReportAsSimulateWithABaseline() throws IOException {
        String[] options = {"--rules", rules.toString(), "--baseline", baseline.toString(), "--channel",
                "CALL_CENTER", "--channel", "APP", "--as-of", AS_OF, "--sample", "50"};
        JsonNode single = simulate(population, "single.json", options);
        JsonNode spark = job(population, "spark.json", options, "--partitions", "5");

        assertThat(spark).isEqualTo(single);
        assertThat(spark.get("customers").asLong()).isEqualTo(SIZE);
        assertThat(spark.get("badLines").asLong()).isEqualTo(2);
        assertThat(spark.get("badLineSamples").get(0).get("location").asText()).endsWith("population.jsonl:4");
        assertThat(spark.get("changes").get("customersChanged").asLong()).isPositive();
        // The candidate counts usage billed on a removed line as not owed: it offers credit the baseline did not.
        BigDecimal added = BigDecimal.ZERO;
        for (JsonNode row : spark.get("changes").get("credits")) {
            added = added.add(row.get("added").decimalValue());
        }
        assertThat(added).isPositive();
        Set<String> sampled = new HashSet<>();
        spark.get("changes").get("samples").forEach(change -> sampled.add(change.get("customerId").asText()));
        assertThat(sampled).hasSize(50);
    }

    @Test
    void gzippedPopulationOnEveryChannel() throws IOException {
        String[] options = {"--rules", rules.toString(), "--as-of", AS_OF};
        JsonNode single = simulate(gzipped, "single-gz.json", options);
        JsonNode spark = job(gzipped, "spark-gz.json", options);

        assertThat(spark).isEqualTo(single);
        assertThat(spark.get("customers").asLong()).isEqualTo(SIZE);
        assertThat(spark.get("channels").size()).isGreaterThan(2);
        assertThat(spark.get("candidate").get("byType").size()).isPositive();
        assertThat(spark.has("changes") && !spark.get("changes").isNull()).isFalse();
    }

    @Test
    void twoFilesAreOnePopulationInTheOrderGiven() throws IOException {
        Path report = dir.resolve("two.json");
        int code = SimulateJob.run("--population", population.toString(), "--population", gzipped.toString(),
                "--rules", rules.toString(), "--channel", "SMS", "--as-of", AS_OF, "--json", report.toString());

        assertThat(code).isZero();
        JsonNode json = JSON.readTree(report.toFile());
        assertThat(json.get("customers").asLong()).isEqualTo(2 * SIZE);
        assertThat(json.get("badLines").asLong()).isEqualTo(4);
        List<String> locations = new ArrayList<>();
        json.get("badLineSamples").forEach(bad -> locations.add(bad.get("location").asText()));
        assertThat(locations).containsExactly(population + ":4", population + ":901", gzipped + ":4",
                gzipped + ":901");
    }

    @Test
    void strictStopsAtTheFirstBadRecord() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SimulateJob()).setErr(new PrintWriter(err))
                .execute("--population", population.toString(), "--rules", rules.toString(), "--channel", "SMS",
                        "--as-of", AS_OF, "--strict", "--json", dir.resolve("strict.json").toString());

        assertThat(code).isEqualTo(SimulateJob.FAILURE);
        assertThat(err.toString()).contains("stopped at the first bad record (--strict): " + population + ":4:");
        assertThat(dir.resolve("strict.json")).doesNotExist();
    }

    @Test
    void rulesThatDoNotCompileStopTheJobBeforeSpark() throws IOException {
        Path broken = copy(rules, dir.resolve("broken"));
        Files.writeString(broken.resolve("plays/broken.drl"), "package io.chorus.rules;\nrule \"half\" when\n");
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SimulateJob()).setErr(new PrintWriter(err))
                .execute("--population", population.toString(), "--rules", broken.toString(), "--as-of", AS_OF);

        assertThat(code).isEqualTo(SimulateJob.FAILURE);
        assertThat(err.toString()).contains("plays/broken.drl").contains("does not compile");
    }

    @Test
    void aPopulationThatIsNotThereIsSaidSo() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SimulateJob()).setErr(new PrintWriter(err))
                .execute("--population", dir.resolve("nowhere.jsonl").toString(), "--rules", rules.toString());

        assertThat(code).isEqualTo(SimulateJob.FAILURE);
        assertThat(err.toString()).contains("nowhere.jsonl: no such file");
    }

    private static JsonNode simulate(Path file, String name, String... options) throws IOException {
        Path report = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("--population", file.toString(), "--json", report.toString(),
                "--progress", "NONE"));
        args.addAll(List.of(options));
        assertThat(new CommandLine(new SimulateCommand()).execute(args.toArray(String[]::new))).isZero();
        return withoutTiming(report);
    }

    private static JsonNode job(Path file, String name, String[] options, String... more) throws IOException {
        Path report = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("--population", file.toString(), "--json", report.toString()));
        args.addAll(List.of(options));
        args.addAll(List.of(more));
        assertThat(SimulateJob.run(args.toArray(String[]::new))).isZero();
        return withoutTiming(report);
    }

    private static JsonNode withoutTiming(Path report) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(report.toFile());
        assertThat(json.get("elapsedSeconds").asDouble()).isPositive();
        json.remove("elapsedSeconds");
        return json;
    }

    private static Path copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).containsOnlyOnce(from);
        Files.writeString(file, text.replace(from, to));
    }
}
