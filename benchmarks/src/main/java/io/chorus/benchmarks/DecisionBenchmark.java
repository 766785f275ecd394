package io.chorus.benchmarks;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Decisions per second over a realistic mix of contexts (a generated population, or the sample customers in
 * {@code rules/customers}), beside the cost of only parsing the same contexts from JSON. Run with {@code benchmarks/run.sh}: once on one thread,
 * once on two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class DecisionBenchmark {
    private static final Channel[] CHANNELS = {Channel.CALL_CENTER, Channel.STORE, Channel.WEB, Channel.APP, Channel.LETTER};

    @Param("rules")
    public String rulesDir;

    /** A population file (JSON Lines, as {@code chorus population generate} writes); empty: the sample customers. */
    @Param("")
    public String population;

    /** How many contexts of the population to cycle through. */
    @Param("5000")
    public int size;

    private RuleSet ruleSet;
    private List<byte[]> contextsJson;
    private List<CustomerContext> contexts;
    private Instant asOf;

    @Setup(Level.Trial)
    public void load() throws IOException {
        ruleSet = RuleSetLoader.load(Path.of(rulesDir)).orElseThrow();
        if (population.isEmpty()) {
            try (Stream<Path> files = Files.list(Path.of(rulesDir, "customers"))) {
                contextsJson = files.filter(f -> f.toString().endsWith(".json")).sorted().map(DecisionBenchmark::read).toList();
            }
        } else {
            try (Stream<String> lines = Files.lines(Path.of(population))) {
                contextsJson = lines.filter(l -> !l.isBlank()).limit(size)
                        .map(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
            }
        }
        contexts = contextsJson.stream().map(ContextJson::parse).toList();
        asOf = Instant.parse("2026-05-20T10:00:00Z");
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** Parse only: the yardstick the decision cost is compared with. */
    @Benchmark
    public CustomerContext parseContext(Cursor cursor) {
        return ContextJson.parse(contextsJson.get(cursor.next++ % contextsJson.size()));
    }

    /** One whole decision (rules, arbitration, story) for an already parsed context. */
    @Benchmark
    public Decision decide(Cursor cursor) {
        int i = cursor.next++;
        CustomerContext context = contexts.get(i % contexts.size());
        return ruleSet.decide(new DecisionRequest(context, CHANNELS[i % CHANNELS.length], asOf));
    }

    /** What a caller with JSON in hand pays: parse, then decide. */
    @Benchmark
    public Decision parseAndDecide(Cursor cursor) {
        int i = cursor.next++;
        CustomerContext context = ContextJson.parse(contextsJson.get(i % contextsJson.size()));
        return ruleSet.decide(new DecisionRequest(context, CHANNELS[i % CHANNELS.length], asOf));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
