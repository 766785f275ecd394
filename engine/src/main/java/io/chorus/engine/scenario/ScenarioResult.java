package io.chorus.engine.scenario;

import java.util.List;
import java.util.Set;

/** One scenario run: its failures (empty when it passed) and the rules that fired on each channel. */
public record ScenarioResult(String file, String name, List<ScenarioFailure> failures, Set<String> rulesFired) {
    public boolean passed() {
        return failures.isEmpty();
    }
}
