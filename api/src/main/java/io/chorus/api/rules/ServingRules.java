package io.chorus.api.rules;

import io.chorus.api.operations.ChorusConfiguration;
import io.chorus.api.operations.ChorusConfiguration.Rules.RuleSource;
import io.chorus.engine.decision.Variant;
import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.rules.RuleSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.chorus.api.decisions.OutboundStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rule sets that decisions use: the active version of the store (the champion) and, when one is set, a
 * challenger deciding a stable share of customers. Every instance on one store asks it every few seconds which
 * versions serve, so a fleet converges on an activation within that interval. For local work the instance also
 * watches its rule folder: a change goes live only once the folder has settled, compiles and passes its
 * scenarios, and then it is stored and activated as a version like any other. Swaps are atomic: a decision in
 * flight finishes on the set it started with.
 */
@Context
// Not in a batch job (chorus outbound run --commit): it uses the store, not the serving machinery.
@Requires(notEnv = OutboundStore.BATCH)
public class ServingRules {
    private static final Logger LOG = LoggerFactory.getLogger(ServingRules.class);

    /** The rule set to decide with, and which side of a split it is. */
    public record Served(RuleSet ruleSet, Variant variant) {
    }

    private record Serving(RuleSet champion, RuleSet challenger, int percent, Instant challengerSince) {
    }

    private final Path directory;
    private final RuleSource source;
    private final long settleMillis;
    private final RuleSetVersions versions;
    private final RuleSetStore store;
    private final MeterRegistry meters;
    private final AtomicReference<Serving> serving = new AtomicReference<>();
    private final AtomicReference<LoadFailure> lastFailure = new AtomicReference<>();
    private final ScheduledExecutorService watcher;
    private volatile String lastSeenFingerprint;
    private String pendingFingerprint;
    private long pendingSince;

    public ServingRules(ChorusConfiguration configuration, RuleSetVersions versions, RuleSetStore store,
                        MeterRegistry meters) {
        this.directory = configuration.rulesDirectory().toAbsolutePath().normalize();
        this.source = configuration.rules().getSource();
        this.settleMillis = configuration.rules().getSettle().toMillis();
        this.versions = versions;
        this.store = store;
        this.meters = meters;
        this.lastSeenFingerprint = fingerprint();
        RuleSet first = firstRuleSet();
        serving.set(new Serving(first, null, 0, null));
        followStore();
        LOG.info("Serving rule set {} ({} rules, {})", first.version(), first.ruleNames().size(),
                source == RuleSource.DIRECTORY ? "from " + directory : "from the store");
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chorus-rules-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long storeMillis = Math.max(50, configuration.rules().getStorePollInterval().toMillis());
        watcher.scheduleWithFixedDelay(this::followStoreQuietly, storeMillis, storeMillis, TimeUnit.MILLISECONDS);
        if (source == RuleSource.DIRECTORY) {
            long pollMillis = Math.max(50, configuration.rulesPollInterval().toMillis());
            watcher.scheduleWithFixedDelay(this::watchDirectory, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Local work starts on its folder, which must pass the gate, and makes it the active version. A fleet
     * instance starts on the store's active version; the folder only seeds a store that has none yet.
     */
    private RuleSet firstRuleSet() {
        String active = store.serving().active();
        if (source == RuleSource.STORE && active != null) {
            return versions.load(active).orElseThrow(() -> new IllegalStateException(
                    "the active rule set " + active + " is not in the store"));
        }
        RuleSetVersions.Deployment deployed = versions.deploy(RuleSetFiles.read(directory), origin());
        if (!deployed.passed()) {
            throw new IllegalStateException("the rules in " + directory + " do not pass the gate:\n"
                    + Stream.concat(deployed.errors().stream().map(RuleProblem::toString),
                    deployed.failedScenarios().stream().map(Object::toString)).collect(Collectors.joining("\n")));
        }
        if (!deployed.version().equals(active)) {
            store.activate(deployed.version());
        }
        meters.counter("chorus.rules.reloads", "result", "loaded").increment();
        return deployed.ruleSet();
    }

    /** The set that decides for this customer: the challenger for its stable share of customers, else the champion. */
    public Served forCustomer(String customerId) {
        Serving now = serving.get();
        if (now.challenger() != null && bucket(customerId) < now.percent()) {
            return new Served(now.challenger(), Variant.CHALLENGER);
        }
        return new Served(now.champion(), Variant.CHAMPION);
    }

    /** 0..99 from the customer id alone, the same on every instance and every day. */
    static int bucket(String customerId) {
        UUID hash = UUID.nameUUIDFromBytes(customerId.getBytes(StandardCharsets.UTF_8));
        return (int) Math.floorMod(hash.getLeastSignificantBits(), 100L);
    }

    /** The active version (the champion). */
    public RuleSet current() {
        return serving.get().champion();
    }

    public Optional<RuleSet> challenger() {
        return Optional.ofNullable(serving.get().challenger());
    }

    public Optional<LoadFailure> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    public Path directory() {
        return directory;
    }

    /** Checks the folder now instead of waiting for it to settle; returns the gate's verdict. */
    public synchronized RuleSetVersions.Deployment reload() {
        lastSeenFingerprint = fingerprint();
        RuleSetVersions.Deployment deployed = versions.deploy(RuleSetFiles.read(directory), origin());
        if (deployed.passed()) {
            if (!deployed.version().equals(current().version())) {
                store.activate(deployed.version());
                LOG.info("Rule set {} from {} replaces {}", deployed.version(), directory, current().version());
            }
            lastFailure.set(null);
            meters.counter("chorus.rules.reloads", "result", "loaded").increment();
            followStore();
        } else {
            lastFailure.set(new LoadFailure(Instant.now(), deployed.version(), deployed.errors(),
                    deployed.failedScenarios()));
            meters.counter("chorus.rules.reloads", "result", "failed").increment();
            LOG.warn("Rule change refused, {} keeps serving:\n{}", current().version(),
                    Stream.concat(deployed.errors().stream().map(RuleProblem::toString),
                            deployed.failedScenarios().stream().map(Object::toString))
                            .collect(Collectors.joining("\n")));
        }
        return deployed;
    }

    /** Serves what the store says is active (and the challenger), loading versions it does not hold yet. */
    public synchronized void followStore() {
        RuleSetStore.Serving wanted = store.serving();
        Serving now = serving.get();
        RuleSet champion = now.champion();
        if (wanted.active() != null && !wanted.active().equals(champion.version())) {
            champion = versions.load(wanted.active()).orElse(champion);
            LOG.info("Rule set {} activated in the store replaces {}", champion.version(), now.champion().version());
        }
        RuleSet challenger = null;
        if (wanted.challenger() != null) {
            challenger = now.challenger() != null && now.challenger().version().equals(wanted.challenger())
                    ? now.challenger() : versions.load(wanted.challenger()).orElse(null);
        }
        if (champion != now.champion() || challenger != now.challenger() || wanted.percent() != now.percent()) {
            serving.set(new Serving(champion, challenger, challenger == null ? 0 : wanted.percent(),
                    wanted.challengerSince()));
        }
    }

    private void followStoreQuietly() {
        try {
            followStore();
        } catch (RuntimeException e) {
            LOG.warn("Asking the store which rule set is active failed; will try again: {}", e.toString());
        }
    }

    /** A change is checked only once the folder has stayed the same for the settle time: no half-saved file. */
    private void watchDirectory() {
        try {
            String now = fingerprint();
            if (now.equals(lastSeenFingerprint)) {
                pendingFingerprint = null;
                return;
            }
            if (!now.equals(pendingFingerprint)) {
                pendingFingerprint = now;
                pendingSince = System.currentTimeMillis();
                return;
            }
            if (System.currentTimeMillis() - pendingSince >= settleMillis) {
                pendingFingerprint = null;
                reload();
            }
        } catch (RuntimeException e) {
            LOG.error("Watching {} failed; will try again", directory, e);
        }
    }

    private String origin() {
        return "directory " + directory;
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
