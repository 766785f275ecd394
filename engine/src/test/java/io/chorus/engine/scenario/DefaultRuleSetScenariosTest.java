package io.chorus.engine.scenario;

import io.chorus.engine.Fixtures;
import io.chorus.engine.rules.RuleSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The analysts' scenario files, run in CI next to the rules they check. */
class DefaultRuleSetScenariosTest {
    private static final Path SCENARIOS = Fixtures.RULES.resolve("scenarios");

    @TestFactory
    Stream<DynamicTest> everyScenarioFilePasses() {
        List<Path> files = ScenarioRunner.scenarioFiles(SCENARIOS);
        assertThat(files).as("scenario files in %s", SCENARIOS).isNotEmpty();
        RuleSet rules = Fixtures.defaultRules();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
            ScenarioResult result = ScenarioRunner.run(rules, file);
            assertThat(result.failures()).as(result.name()).extracting(ScenarioFailure::toString).isEmpty();
        }));
    }

    @Test
    void everyRuleFiresInSomeScenarioAndIsShownNotFiringInAnother() {
        RuleSet rules = Fixtures.defaultRules();
        List<Path> files = ScenarioRunner.scenarioFiles(SCENARIOS);
        Map<String, Integer> firedIn = new HashMap<>();
        for (Path file : files) {
            ScenarioRunner.run(rules, file).rulesFired().forEach(rule -> firedIn.merge(rule, 1, Integer::sum));
        }

        List<String> drlRules = rules.drlRuleNames();
        assertThat(drlRules).hasSizeGreaterThan(15);
        assertThat(drlRules.stream().filter(rule -> !firedIn.containsKey(rule)).collect(Collectors.toList()))
                .as("rules that fire in no scenario").isEmpty();
        assertThat(drlRules.stream().filter(rule -> firedIn.get(rule) == files.size()).collect(Collectors.toList()))
                .as("rules that fire in every scenario").isEmpty();
    }
}
