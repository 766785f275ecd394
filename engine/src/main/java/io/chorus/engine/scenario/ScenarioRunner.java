package io.chorus.engine.scenario;

import io.chorus.engine.context.Channel;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.decision.Suppressed;
import io.chorus.engine.rules.RuleSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs scenario files against a rule set and says, line by line, which expectations failed. */
public final class ScenarioRunner {
    private ScenarioRunner() {
    }

    /** Every {@code *.yaml} / {@code *.yml} below {@code dir}, in path order. */
    public static List<Path> scenarioFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ScenarioResult run(RuleSet rules, Path file) {
        Scenario scenario;
        try {
            scenario = ScenarioFile.read(file);
        } catch (ScenarioException e) {
            return new ScenarioResult(file.toString(), file.getFileName().toString(), List.of(e.failure()), Set.of());
        }
        return run(rules, scenario);
    }

    public static ScenarioResult run(RuleSet rules, Scenario scenario) {
        List<ScenarioFailure> failures = new ArrayList<>();
        Set<String> fired = new LinkedHashSet<>();
        for (Channel channel : scenario.channels()) {
            Decision decision = rules.decide(new DecisionRequest(scenario.context(), channel, scenario.asOf(),
                    scenario.maxActions(), scenario.outside()));
            fired.addAll(decision.rulesFired());
            String on = scenario.channels().size() > 1 ? "on " + channel + ": " : "";
            check(scenario, decision, on, failures);
        }
        return new ScenarioResult(scenario.file(), scenario.name(), List.copyOf(failures), Set.copyOf(fired));
    }

    private static void check(Scenario scenario, Decision decision, String on, List<ScenarioFailure> failures) {
        Set<Integer> usedActions = new HashSet<>();
        int lastMatched = -1;
        for (Expectation e : scenario.expectations()) {
            String failure = switch (e.kind()) {
                case ACTION -> {
                    int found = -1;
                    int from = scenario.ordered() ? lastMatched + 1 : 0;
                    for (int i = from; i < decision.actions().size(); i++) {
                        if (!usedActions.contains(i) && Matching.matches(e.fields(), decision.actions().get(i))) {
                            found = i;
                            break;
                        }
                    }
                    if (found < 0) {
                        yield "expected action " + e.describe() + (scenario.ordered() && lastMatched >= 0
                                ? " after the previous one" : "") + ", got " + actions(decision);
                    }
                    usedActions.add(found);
                    lastMatched = found;
                    yield null;
                }
                case SUPPRESSED -> decision.suppressed().stream().anyMatch(s -> Matching.matches(e.fields(), s))
                        ? null : "expected suppressed " + e.describe() + ", got " + suppressed(decision);
                case ABSENT -> decision.actions().stream().filter(a -> Matching.matches(e.fields(), a)).findFirst()
                        .map(a -> "expected no action " + e.describe() + ", but got " + describe(a)).orElse(null);
                case STORY -> decision.storySoFar().stream().anyMatch(l -> l.contains(e.fields().get("contains")))
                        ? null : "expected storySoFar to mention \"" + e.fields().get("contains") + "\", got "
                        + decision.storySoFar();
                case RULE_FIRED -> decision.rulesFired().contains(e.fields().get("rule"))
                        ? null : "expected rule \"" + e.fields().get("rule") + "\" to fire, fired: " + decision.rulesFired();
                case RULE_NOT_FIRED -> decision.rulesFired().contains(e.fields().get("rule"))
                        ? "expected rule \"" + e.fields().get("rule") + "\" not to fire, but it did" : null;
            };
            if (failure != null) {
                failures.add(new ScenarioFailure(scenario.file(), e.line(), on + failure));
            }
        }
    }

    private static String actions(Decision d) {
        return d.actions().isEmpty() ? "no actions"
                : d.actions().stream().map(ScenarioRunner::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(Action a) {
        return a.type() + (a.amount() == null ? "" : " " + a.amount()) + " \"" + a.title() + "\"";
    }

    private static String suppressed(Decision d) {
        return d.suppressed().isEmpty() ? "nothing suppressed" : d.suppressed().stream()
                .map(s -> s.type() + " \"" + s.title() + "\" blocked by \"" + s.blockedBy() + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
