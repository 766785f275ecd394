package io.chorus.benchmarks;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.decision.OutsideFacts;
import io.chorus.engine.learning.Features;
import io.chorus.engine.learning.FrozenModel;
import io.chorus.engine.learning.ModelId;
import io.chorus.engine.learning.ModelSet;
import io.chorus.engine.learning.OnlineModel;
import io.chorus.engine.learning.Predictors;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
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
    /** An active model for every action key the rules propose here, trained on these contexts. */
    private ModelSet models;

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
        models = trainedModels();
    }

    /**
     * Models that have learned, for every key the rules propose to these customers, from outcomes drawn at random
     * (what they learned does not matter here, only that scoring with them is what a decision does).
     */
    private ModelSet trainedModels() {
        Predictors predictors = ruleSet.predictors();
        Map<ModelId, OnlineModel> trained = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < contexts.size(); i++) {
                DecisionRequest request = new DecisionRequest(contexts.get(i), CHANNELS[i % CHANNELS.length], asOf);
                Features features = ruleSet.features(request);
                Decision decision = ruleSet.decide(request);
                Stream.concat(decision.actions().stream().map(a -> a.key()),
                        decision.suppressed().stream().map(a -> a.key())).filter(k -> k != null).forEach(key ->
                        trained.computeIfAbsent(predictors.modelFor(key, request.channel()),
                                id -> new OnlineModel(id, predictors.forgetting()))
                                .learn(features, random.nextInt(3) == 0));
            }
        }
        Map<ModelId, FrozenModel> frozen = new HashMap<>();
        trained.forEach((id, model) -> {
            while (model.positives() < predictors.evidenceEach() || model.positives() + model.negatives() < predictors.evidence()) {
                model.learn(Features.NONE, model.positives() < predictors.evidenceEach() || random.nextBoolean());
            }
            frozen.put(id, model.freeze());
        });
        return new ModelSet(predictors, frozen);
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

    /** A decision ranked by learned propensities: features, scoring and a Thompson draw for every proposed key. */
    @Benchmark
    public Decision decideWithModels(Cursor cursor) {
        int i = cursor.next++;
        CustomerContext context = contexts.get(i % contexts.size());
        return ruleSet.decide(new DecisionRequest(context, CHANNELS[i % CHANNELS.length], asOf,
                DecisionRequest.DEFAULT_MAX_ACTIONS,
                OutsideFacts.NONE.withPropensities(models.forDecision(ThreadLocalRandom.current()))));
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
