package io.chorus.engine.scenario;

import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rule set must pass before it may serve: it compiles, and every scenario file under its
 * {@code scenarios/} folder passes. The service's deploy endpoint, its directory watcher and
 * {@code chorus rules deploy} all go through this one gate.
 */
public final class RuleSetGate {
    private RuleSetGate() {
    }

    /** The verdict on one rule-set folder: the load, and the scenario results when it compiled. */
    public record Verdict(RuleSetLoad load, List<ScenarioResult> scenarios, List<ScenarioFailure> failures) {

        public boolean passed() {
            return load.ok() && failures.isEmpty();
        }

        public long scenariosPassed() {
            return scenarios.stream().filter(ScenarioResult::passed).count();
        }

        public long scenariosFailed() {
            return scenarios.size() - scenariosPassed();
        }

        public RuleSet ruleSet() {
            return load.orElseThrow();
        }
    }

    public static Verdict check(Path dir) {
        RuleSetLoad load = RuleSetLoader.load(dir);
        if (!load.ok()) {
            return new Verdict(load, List.of(), List.of());
        }
        List<Path> files = ScenarioRunner.scenarioFiles(dir.resolve("scenarios"));
        if (files.isEmpty()) {
            return new Verdict(load, List.of(), List.of(new ScenarioFailure(dir.resolve("scenarios").toString(), 0,
                    "no scenario files (*.yaml): a rule set goes live only with scenarios that show what it does")));
        }
        List<ScenarioResult> results = new ArrayList<>();
        List<ScenarioFailure> failures = new ArrayList<>();
        for (Path file : files) {
            ScenarioResult result = ScenarioRunner.run(load.orElseThrow(), file);
            results.add(result);
            failures.addAll(result.failures());
        }
        return new Verdict(load, List.copyOf(results), List.copyOf(failures));
    }
}
