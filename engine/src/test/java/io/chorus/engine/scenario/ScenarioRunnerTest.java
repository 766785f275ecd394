package io.chorus.engine.scenario;

import io.chorus.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioRunnerTest {
    @TempDir
    Path dir;

    private Path scenario(String yaml) throws IOException {
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, yaml.replace("CUSTOMERS", Fixtures.RULES.resolve("customers").toString()));
        return file;
    }

    @Test
    void contractExampleScenarioPassesAgainstTheDefaultRules() throws IOException {
        Path file = scenario("""
                name: A SIM removed in store is still billed the next month
                context: CUSTOMERS/sam-rivers.json
                channel: CALL_CENTER
                asOf: 2026-05-20T10:00:00Z
                expect:
                  actions:
                    - {type: CREDIT, amount: 12.50}
                    - {type: GUIDANCE}
                  suppressed:
                    - {type: RETENTION_OFFER}
                  absent:
                    - {type: OUTREACH}
                """);

        ScenarioResult result = ScenarioRunner.run(Fixtures.defaultRules(), file);

        assertThat(result.failures()).isEmpty();
        assertThat(result.rulesFired()).contains("Credit charges billed for removed lines");
    }

    @Test
    void failedExpectationIsReportedAtItsOwnLine() throws IOException {
        Path file = scenario("""
                name: wrong amount
                context: CUSTOMERS/sam-rivers.json
                channel: CALL_CENTER
                asOf: 2026-05-20T10:00:00Z
                expect:
                  actions:
                    - {type: GUIDANCE}
                    - {type: CREDIT, amount: 99.00}
                  suppressed:
                    - {type: RETENTION_OFFER, blockedBy: Somebody else}
                """);

        ScenarioResult result = ScenarioRunner.run(Fixtures.defaultRules(), file);

        assertThat(result.failures()).extracting(ScenarioFailure::line).containsExactly(8, 10);
        assertThat(result.failures().get(0).toString())
                .startsWith(file + ":8: expected action {type: CREDIT, amount: 99.00}, got [")
                .contains("CREDIT 12.50");
        assertThat(result.failures().get(1).toString()).contains("blocked by \"No retention offer to a growing account\"");
    }

    @Test
    void orderedActionsMustAppearInThatOrder() throws IOException {
        Path file = scenario("""
                name: order
                context: CUSTOMERS/sam-rivers.json
                channel: CALL_CENTER
                asOf: 2026-05-20T10:00:00Z
                expect:
                  ordered: true
                  actions:
                    - {key: correct-billing:S-4}
                    - {key: removed-line-charges}
                """);

        ScenarioResult result = ScenarioRunner.run(Fixtures.defaultRules(), file);

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(9);
            assertThat(f.message()).contains("after the previous one");
        });
    }

    @Test
    void sameExpectationsCheckedOnSeveralChannelsNameTheChannelThatFailed() throws IOException {
        Path file = scenario("""
                name: guidance everywhere
                context: CUSTOMERS/sam-rivers.json
                channels: [STORE, LETTER]
                asOf: 2026-05-20T10:00:00Z
                expect:
                  actions:
                    - {type: GUIDANCE, key: correct-billing:S-4}
                """);

        ScenarioResult result = ScenarioRunner.run(Fixtures.defaultRules(), file);

        assertThat(result.failures()).singleElement().satisfies(f -> assertThat(f.message()).startsWith("on LETTER: "));
    }

    @Test
    void inlineContextWithAnUnknownValueNamesTheField() throws IOException {
        Path file = scenario("""
                name: inline
                context:
                  customerId: C-9
                  segment: CONSUMER
                  accounts:
                    - {accountId: A-1, status: OPEN}
                channel: WEB
                asOf: 2026-05-20T10:00:00Z
                expect:
                  absent:
                    - {type: CREDIT}
                """);

        ScenarioResult result = ScenarioRunner.run(Fixtures.defaultRules(), file);

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.message()).contains("accounts[0].status: unknown value \"OPEN\"");
        });
    }

    @Test
    void unknownChannelAndBrokenYamlPointAtTheirLines() throws IOException {
        Path unknown = scenario("""
                name: x
                context: CUSTOMERS/sam-rivers.json
                channel: PIGEON
                asOf: 2026-05-20T10:00:00Z
                expect: {absent: [{type: CREDIT}]}
                """);
        assertThat(ScenarioRunner.run(Fixtures.defaultRules(), unknown).failures()).singleElement()
                .hasToString(unknown + ":3: channel: unknown value \"PIGEON\" (expected one of STORE, CALL_CENTER, WEB, APP, SOCIAL, EMAIL, SMS, LETTER)");

        Path broken = scenario("name: x\nexpect:\n  actions:\n    - {type: CREDIT\n");
        assertThat(ScenarioRunner.run(Fixtures.defaultRules(), broken).failures()).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("not valid YAML"));
    }

    @Test
    void misspelledMatcherFieldIsAnErrorNotAMatchAnything() throws IOException {
        Path file = scenario("""
                name: typo
                context: CUSTOMERS/sam-rivers.json
                channel: WEB
                asOf: 2026-05-20T10:00:00Z
                expect:
                  actions:
                    - {tpye: CREDIT}
                """);

        assertThat(ScenarioRunner.run(Fixtures.defaultRules(), file).failures()).singleElement()
                .satisfies(f -> {
                    assertThat(f.line()).isEqualTo(7);
                    assertThat(f.message()).contains("unknown field \"tpye\"");
                });
    }
}
