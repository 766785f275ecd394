package io.chorus.api.rules;

import io.chorus.api.operations.ChorusConfiguration;
import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rule set that decisions use. Loaded at start (the service does not start on rules that do not compile),
 * then the directory is polled: a change that compiles replaces the set atomically, so decisions in flight
 * finish on the set they started with; one that does not is kept as the last failed load and changes nothing.
 */
@Context
public class ServingRules {
    private static final Logger LOG = LoggerFactory.getLogger(ServingRules.class);

    private final Path directory;
    private final MeterRegistry meters;
    private final AtomicReference<RuleSet> serving = new AtomicReference<>();
    private final AtomicReference<LoadFailure> lastFailure = new AtomicReference<>();
    private final ScheduledExecutorService watcher;
    private volatile String lastSeenFingerprint;

    public ServingRules(ChorusConfiguration configuration, MeterRegistry meters) {
        this.directory = configuration.rulesDirectory().toAbsolutePath().normalize();
        this.meters = meters;
        this.lastSeenFingerprint = fingerprint();
        RuleSetLoad first = RuleSetLoader.load(directory);
        if (!first.ok()) {
            throw new IllegalStateException("the rules in " + directory + " do not compile:\n"
                    + first.errors().stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        }
        serving.set(first.orElseThrow());
        meters.counter("chorus.rules.reloads", "result", "loaded").increment();
        LOG.info("Serving rule set {} from {} ({} rules)", first.version(), directory,
                first.orElseThrow().ruleNames().size());
        long pollMillis = Math.max(50, configuration.rulesPollInterval().toMillis());
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chorus-rules-watcher");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** The set to decide with; read it once per decision. */
    public RuleSet current() {
        return serving.get();
    }

    public Optional<LoadFailure> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    public Path directory() {
        return directory;
    }

    /** Compiles the directory now; swaps on success. Returns the load so callers can report it. */
    public synchronized RuleSetLoad reload() {
        lastSeenFingerprint = fingerprint();
        RuleSetLoad load = RuleSetLoader.load(directory);
        if (load.ok()) {
            RuleSet next = load.orElseThrow();
            RuleSet previous = serving.getAndSet(next);
            meters.counter("chorus.rules.reloads", "result", "loaded").increment();
            if (!next.version().equals(previous.version())) {
                LOG.info("Rule set {} replaces {}", next.version(), previous.version());
            }
        } else {
            lastFailure.set(new LoadFailure(Instant.now(), load.version(), load.errors()));
            meters.counter("chorus.rules.reloads", "result", "failed").increment();
            LOG.warn("Rule change refused, {} keeps serving:\n{}", serving.get().version(),
                    load.errors().stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        }
        return load;
    }

    private void reloadIfChanged() {
        try {
            if (!fingerprint().equals(lastSeenFingerprint)) {
                reload();
            }
        } catch (RuntimeException e) {
            LOG.error("Watching {} failed; will try again", directory, e);
        }
    }

    /** Names, sizes and modification times of every file: cheap to compute, changes on any edit. */
    private String fingerprint() {
        if (!Files.isDirectory(directory)) {
            return "missing";
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().map(file -> {
                try {
                    return file + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
                } catch (IOException e) {
                    return file + ":gone";
                }
            }).collect(Collectors.joining("\n"));
        } catch (IOException | UncheckedIOException e) {
            return "unreadable";
        }
    }

    @PreDestroy
    void stop() {
        watcher.shutdownNow();
    }
}
