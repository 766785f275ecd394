package io.chorus.cli;

import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;
import io.chorus.engine.scenario.ScenarioFailure;
import io.chorus.engine.scenario.ScenarioResult;
import io.chorus.engine.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Compile the rules and run every scenario file; failures as file:line: message.")
final class RulesTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Rule directory; default the build's rules/ folder.")
    Path dir;

    @Option(names = "--scenarios", paramLabel = "DIR", description = "Scenario directory; default DIR/scenarios.")
    Path scenarios;

    @Override
    public Integer call() {
        Path rules = RulesDirectory.orDefault(dir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleSetLoad load = RuleSetLoader.load(rules);
        for (RuleProblem p : load.problems()) {
            err.println(p);
        }
        if (!load.ok()) {
            err.println(load.errors().size() + " error(s): the rule set in " + rules + " does not compile");
            return ExitCodes.FAILURE;
        }
        RuleSet ruleSet = load.orElseThrow();
        List<Path> files = ScenarioRunner.scenarioFiles(scenarios == null ? rules.resolve("scenarios") : scenarios);
        if (files.isEmpty()) {
            err.println(rules.resolve("scenarios") + ": no scenario files (*.yaml)");
            return ExitCodes.FAILURE;
        }
        int passed = 0;
        int failed = 0;
        Map<String, int[]> firedIn = new HashMap<>();
        for (Path file : files) {
            ScenarioResult result = ScenarioRunner.run(ruleSet, file);
            if (result.passed()) {
                passed++;
            } else {
                failed++;
                for (ScenarioFailure f : result.failures()) {
                    err.println(f);
                }
            }
            for (String rule : result.rulesFired()) {
                firedIn.computeIfAbsent(rule, r -> new int[1])[0]++;
            }
        }
        List<String> coverage = new ArrayList<>();
        for (String rule : ruleSet.drlRuleNames()) {
            int count = firedIn.containsKey(rule) ? firedIn.get(rule)[0] : 0;
            if (count == 0) {
                coverage.add("rule \"" + rule + "\" fires in no scenario");
            } else if (count == files.size()) {
                coverage.add("rule \"" + rule + "\" fires in every scenario: none shows when it must not");
            }
        }
        coverage.forEach(c -> err.println("warning: " + c));
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
