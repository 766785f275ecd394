package io.chorus.api.rules;

import io.chorus.engine.rules.RuleFile;
import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.scenario.ScenarioFailure;

import java.time.Instant;
import java.util.List;

/** GET /v1/rules: the serving set and, if the last change did not compile, that failed load. */
public record RuleSetView(String version, Instant loadedAt, String directory, List<RuleFile> files,
                          List<String> rules, FailedLoad lastFailedLoad) {

    public record FailedLoad(Instant at, String version, List<Error> errors, List<Error> failedScenarios) {
    }

    /** {@code text} is the familiar {@code file:line: message}. */
    public record Error(String file, int line, String message, String text) {
        static Error of(RuleProblem problem) {
            return new Error(problem.file(), problem.line(), problem.message(), problem.toString());
        }

        static Error of(ScenarioFailure failure) {
            return new Error(failure.file(), failure.line(), failure.message(), failure.toString());
        }
    }

    public static RuleSetView of(RuleSet serving, LoadFailure failure, java.nio.file.Path directory) {
        FailedLoad failed = failure == null ? null : new FailedLoad(failure.at(), failure.version(),
                failure.errors().stream().map(Error::of).toList(),
                failure.failedScenarios().stream().map(Error::of).toList());
        return new RuleSetView(serving.version(), serving.loadedAt(), directory.toString(),
                serving.files(), serving.ruleNames(), failed);
    }
}
