package io.chorus.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.simulator.cli.SimulateCommand;
import io.chorus.simulator.population.PopulationGenerator;
import io.chorus.simulator.population.PopulationWriter;
import org.apache.spark.sql.SparkSession;
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

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spark job against {@code chorus simulate} on the same population, in Spark's local mode with two threads:
 * the JSON reports must agree in every count, every amount of money and every sample (only the elapsed time
 * differs), with and without a baseline, from a plain, a gzipped and a Parquet population.
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
    private static Path generated;
    private static Path parquet;

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

        generated = dir.resolve("generated.jsonl");
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
        parquet = toParquet(generated, dir.resolve("population-parquet"));
    }

    /**
     * The JSON Lines population as a directory of Parquet files, as a data platform would hold it: nested columns
     * inferred from the JSON, money as decimals, rows spread over several files in population order (small input
     * splits give several partitions, each written as one part file, named in order). Instants stay strings here:
     * Spark's inference would take bill months for timestamps too.
     */
    private static Path toParquet(Path jsonLines, Path into) {
        try (SparkSession session = SparkSession.builder().appName("population to Parquet")
                .config("spark.sql.files.maxPartitionBytes", String.valueOf(Files.size(jsonLines) / 3 + 1))
                .getOrCreate()) {
            session.read().option("prefersDecimal", "true")
                    .json(jsonLines.toString()).write().parquet(into.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into;
    }

    @AfterAll
    static void tearDown() {
        Stream.of("spark.master", "spark.ui.enabled", "spark.driver.host", "spark.driver.bindAddress")
                .forEach(System::clearProperty);
    }

    @Test
    void sameReportAsSimulateWithABaseline() throws IOException {
        String[] options = {"--rules", rules.toString(), "--baseline", baseline.toString(), "--channel",
                "CALL_CENTER", "--channel", "APP", "--as-of", AS_OF, "--sample", "50", "--value-threshold", "0.5"};
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
        // The value finder, merged from five partitions, is part of the equality above; it must have something in it.
        JsonNode finder = spark.get("valueFinder");
        assertThat(finder.get("threshold").asDouble()).isEqualTo(0.5);
        long noAction = 0;
        long low = 0;
        for (JsonNode row : finder.get("gaps")) {
            noAction += row.get("noAction").asLong();
            low += row.get("lowPropensity").asLong();
            assertThat(row.has("baselineNoAction") && row.has("baselineLowPropensity")).isTrue();
        }
        assertThat(noAction).isPositive();
        assertThat(low).isPositive();
        assertThat(finder.get("blockedBy").size()).isPositive();
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
    void parquetPopulationGivesTheSameReportAsTheJsonLines() throws IOException {
        String[] options = {"--rules", rules.toString(), "--baseline", baseline.toString(), "--channel",
                "CALL_CENTER", "--channel", "EMAIL", "--as-of", AS_OF, "--sample", "30"};
        JsonNode single = simulate(generated, "single-parquet.json", options);
        JsonNode spark = job(parquet, "spark-parquet.json", options, "--partitions", "3");

        try (Stream<Path> parts = Files.list(parquet)) {
            assertThat(parts.filter(p -> p.toString().endsWith(".parquet")).count()).isGreaterThan(1);
        }
        // The population's name is the path given; everything counted must agree.
        ((ObjectNode) single).remove("population");
        ((ObjectNode) spark).remove("population");
        assertThat(spark).isEqualTo(single);
        assertThat(spark.get("customers").asLong()).isEqualTo(SIZE);
        assertThat(spark.get("badLines").asLong()).isZero();
        assertThat(spark.get("changes").get("customersChanged").asLong()).isPositive();
    }

    /**
     * The fixture customers in Parquet as a warehouse types them: instants as timestamp columns, written in one time
     * zone and read by a job in another, and struct fields that some rows lack held as nulls. They must decide
     * exactly as their JSON does.
     */
    @Test
    void parquetTimestampsAndAbsentFieldsReadAsTheContextJson() throws IOException {
        Path customers = Path.of(System.getProperty("chorus.home", ".."), "rules", "customers");
        Path jsonLines = dir.resolve("fixture-customers.jsonl");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(customers)) {
            for (Path file : files.sorted().toList()) {
                lines.add(JSON.readTree(file.toFile()).toString());
            }
        }
        Files.write(jsonLines, lines);
        Path typed = dir.resolve("fixture-customers.parquet");
        try (SparkSession session = SparkSession.builder().appName("typed Parquet")
                .config("spark.sql.session.timeZone", "Asia/Tokyo").getOrCreate()) {
            session.read().option("prefersDecimal", "true").json(jsonLines.toString())
                    .withColumn("accountEvents", expr("transform(accountEvents, e -> named_struct('type', e.type,"
                            + " 'at', to_timestamp(e.at), 'accountId', e.accountId, 'subscriptionId',"
                            + " e.subscriptionId, 'monthlyDelta', e.monthlyDelta))"))
                    .coalesce(1).write().parquet(typed.toString());
        }
        System.setProperty("spark.sql.session.timeZone", "America/New_York");
        try {
            String[] options = {"--rules", rules.toString(), "--channel", "CALL_CENTER", "--channel", "LETTER",
                    "--as-of", AS_OF};
            JsonNode single = simulate(jsonLines, "single-typed.json", options);
            JsonNode spark = job(typed, "spark-typed.json", options);

            ((ObjectNode) single).remove("population");
            ((ObjectNode) spark).remove("population");
            assertThat(spark).isEqualTo(single);
            assertThat(spark.get("customers").asLong()).isEqualTo(lines.size());
            assertThat(spark.get("badLines").asLong()).isZero();
        } finally {
            System.clearProperty("spark.sql.session.timeZone");
        }
    }

    @Test
    void aFileThatIsNotParquetIsNamedWithoutATrace() throws IOException {
        Path notParquet = dir.resolve("not.parquet");
        Files.copy(generated, notParquet);
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SimulateJob()).setErr(new PrintWriter(err))
                .execute("--population", notParquet.toString(), "--rules", rules.toString(), "--channel", "SMS",
                        "--as-of", AS_OF);

        assertThat(code).isEqualTo(SimulateJob.FAILURE);
        assertThat(err.toString()).startsWith(notParquet + ": not a Parquet file (it does not start and end with PAR1)")
                .doesNotContain("\tat ");
    }

    /** Its magic bytes and footer intact, its column data overwritten: it fails in a task, and is named all the same. */
    @Test
    void aParquetFileDamagedInsideIsNamedWithoutATrace() throws IOException {
        Path damaged = dir.resolve("damaged.parquet");
        try (SparkSession session = SparkSession.builder().appName("damaged").getOrCreate()) {
            session.read().json(generated.toString()).coalesce(1).write().parquet(damaged.toString());
        }
        Path part;
        try (Stream<Path> files = Files.list(damaged)) {
            part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(part);
        for (int i = 4; i < bytes.length / 2; i++) {
            bytes[i] = (byte) 0xA5;
        }
        Files.write(part, bytes);
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SimulateJob()).setErr(new PrintWriter(err))
                .execute("--population", damaged.toString(), "--rules", rules.toString(), "--channel", "SMS",
                        "--as-of", AS_OF);

        assertThat(code).isEqualTo(SimulateJob.FAILURE);
        assertThat(err.toString()).contains(part.getFileName() + ": cannot read: ").doesNotContain("\tat ");
    }

    @Test
    void parquetColumnsThatCannotHoldAContextAreNamed() {
        Path wrong = dir.resolve("wrong.parquet");
        try (SparkSession session = SparkSession.builder().appName("wrong schema").getOrCreate()) {
            session.range(3).selectExpr("id", "'x' AS accounts", "id AS segment")
                    .coalesce(1).write().parquet(wrong.toString());
        }
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SimulateJob()).setErr(new PrintWriter(err))
                .execute("--population", wrong.toString(), "--rules", rules.toString(), "--channel", "SMS",
                        "--as-of", AS_OF);

        assertThat(code).isEqualTo(SimulateJob.FAILURE);
        assertThat(err.toString()).contains(wrong.toString()).contains("not a population of customer contexts:"
                + " no customerId column; column segment is bigint, not a string; column accounts is string, not a"
                + " list").doesNotContain("\tat ");
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
