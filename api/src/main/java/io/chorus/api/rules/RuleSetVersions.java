package io.chorus.api.rules;

import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;
import io.chorus.engine.scenario.RuleSetGate;
import io.chorus.engine.scenario.ScenarioFailure;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rule sets as stored versions: a set is stored only once it has passed the gate (it compiles and its scenarios
 * pass), under the version its content names; any stored version can be loaded again to serve or to replay.
 */
@Singleton
public class RuleSetVersions {
    private static final int KEPT_LOADED = 8;

    private final RuleSetStore store;
    /** Compiled versions by name, most recently used last: serving and replays reuse them. */
    private final Map<String, RuleSet> loaded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RuleSet> eldest) {
            return size() > KEPT_LOADED;
        }
    };

    public RuleSetVersions(RuleSetStore store) {
        this.store = store;
    }

    /** The gate's verdict on a set of files, with every location relative to the rule-set root. */
    public record Deployment(String version, boolean passed, boolean created, RuleSet ruleSet, long scenariosPassed,
                             long scenariosFailed, List<RuleProblem> errors, List<RuleProblem> warnings,
                             List<ScenarioFailure> failedScenarios) {
    }

    /** Checks the files through the gate and, when they pass, stores them as a version (once). */
    public Deployment deploy(Map<String, byte[]> files, String origin) {
        Path root = RuleSetFiles.write(files);
        try {
            RuleSetGate.Verdict verdict = RuleSetGate.check(root);
            RuleSetLoad load = verdict.load();
            List<RuleProblem> errors = load.errors().stream().map(p -> relative(root, p)).toList();
            List<RuleProblem> warnings = load.warnings().stream().map(p -> relative(root, p)).toList();
            List<ScenarioFailure> failed = verdict.failures().stream().map(f -> relative(root, f)).toList();
            if (!verdict.passed()) {
                return new Deployment(load.version(), false, false, null, verdict.scenariosPassed(),
                        verdict.scenariosFailed(), errors, warnings, failed);
            }
            RuleSet ruleSet = verdict.ruleSet();
            boolean created = store.insert(load.version(), origin, ruleSet.ruleNames().size(),
                    verdict.scenariosPassed(), verdict.scenariosFailed(), files);
            remember(ruleSet);
            return new Deployment(load.version(), true, created, ruleSet, verdict.scenariosPassed(),
                    verdict.scenariosFailed(), errors, warnings, failed);
        } finally {
            RuleSetFiles.delete(root);
        }
    }

    /** A stored version, compiled; empty when the store does not hold it. */
    public Optional<RuleSet> load(String version) {
        synchronized (loaded) {
            RuleSet known = loaded.get(version);
            if (known != null) {
                return Optional.of(known);
            }
        }
        Map<String, byte[]> files = store.files(version);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Path root = RuleSetFiles.write(files);
        try {
            RuleSetLoad load = RuleSetLoader.load(root);
            if (!load.ok()) {
                throw new IllegalStateException("stored rule set " + version + " no longer compiles: " + load.errors());
            }
            remember(load.orElseThrow());
            return Optional.of(load.orElseThrow());
        } finally {
            RuleSetFiles.delete(root);
        }
    }

    private void remember(RuleSet ruleSet) {
        synchronized (loaded) {
            loaded.put(ruleSet.version(), ruleSet);
        }
    }

    private static RuleProblem relative(Path root, RuleProblem p) {
        return new RuleProblem(relative(root, p.file()), p.line(), p.message(), p.severity());
    }

    private static ScenarioFailure relative(Path root, ScenarioFailure f) {
        return new ScenarioFailure(relative(root, f.file()), f.line(), f.message());
    }

    private static String relative(Path root, String file) {
        String prefix = root.toString() + "/";
        return file.startsWith(prefix) ? file.substring(prefix.length()) : file.equals(root.toString()) ? "" : file;
    }
}
