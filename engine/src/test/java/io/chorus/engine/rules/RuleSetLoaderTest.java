package io.chorus.engine.rules;

import io.chorus.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RuleSetLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultRuleSetCompilesWithItsDecisionTables() {
        RuleSetLoad load = RuleSetLoader.load(Fixtures.RULES);

        assertThat(load.errors()).isEmpty();
        assertThat(load.files()).extracting(RuleFile::path)
                .contains("plays/billing.drl", "tables/retention-offers.drl.csv", "tables/channel-capabilities.drl.csv");
        assertThat(load.orElseThrow().ruleNames()).contains("Credit charges billed for removed lines",
                "No retention offer to a growing account");
    }

    @Test
    void aDirectoryGivenAsContentLoadsAsTheDirectoryDoes() throws IOException {
        Fixtures.copyDefaultRules(dir);
        Files.writeString(dir.resolve("plays/flows.bpmn"), "<definitions/>");
        Map<String, byte[]> files = RuleSetLoader.files(dir);
        RuleSetLoad fromDisk = RuleSetLoader.load(dir);
        // Elsewhere, from the bytes alone: what a Spark executor does with the driver's rule directory.
        RuleSetLoad fromContent = RuleSetLoader.load(Path.of("/elsewhere/rules"), files);

        assertThat(files).containsKeys("plays/billing.drl", "tables/retention-offers.drl.csv", "plays/flows.bpmn");
        assertThat(fromContent.version()).isEqualTo(fromDisk.version());
        assertThat(fromContent.problems()).extracting(RuleProblem::message)
                .isEqualTo(fromDisk.problems().stream().map(RuleProblem::message).toList())
                .contains("not loaded: Chorus loads *.drl and decision tables");
        assertThat(fromContent.orElseThrow().ruleNames()).isEqualTo(fromDisk.orElseThrow().ruleNames());
        assertThat(fromContent.orElseThrow().directory()).isEqualTo(Path.of("/elsewhere/rules"));
    }

    @Test
    void versionIsTheHashOfTheRuleFilesAndChangesWithThem() throws IOException {
        Fixtures.copyDefaultRules(dir);
        String before = RuleSetLoader.load(dir).version();
        assertThat(RuleSetLoader.load(dir).version()).isEqualTo(before).startsWith("sha256:").hasSize(71);

        Files.writeString(dir.resolve("plays/outreach.drl"), "\n// a comment changes the version\n",
                StandardOpenOption.APPEND);

        assertThat(RuleSetLoader.load(dir).version()).isNotEqualTo(before);
    }

    @Test
    void brokenDrlIsReportedWithItsFileAndLine() throws IOException {
        String drl = defaultRulesEditing("plays/outreach.drl", "Survey( score >= 9,", "Survey( scor >= 9,");
        int brokenLine = lineOf(drl, "Survey( scor >= 9,");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.ok()).isFalse();
        assertThat(load.errors()).anySatisfy(p -> {
            assertThat(p.file()).endsWith("plays/outreach.drl");
            assertThat(p.line()).isEqualTo(brokenLine);
            assertThat(p.toString()).startsWith(dir.resolve("plays/outreach.drl") + ":" + brokenLine + ": ")
                    .contains("scor");
        });
    }

    @Test
    void misspelledConstantInAConditionIsReportedAtTheLineOfItsConstraint() throws IOException {
        String drl = defaultRulesEditing("plays/billing.drl", "ChargeStatus.CREDITED", "ChargeStatus.CREDTED");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("plays/billing.drl");
            assertThat(p.line()).isEqualTo(lineOf(drl, "status != ChargeStatus.CREDTED"));
            assertThat(p.message()).contains("ChargeStatus.CREDTED").doesNotEndWith("^");
        });
    }

    @Test
    void misspelledConstraintWrittenInTwoRulesIsReportedAtTheFirstNamingTheOther() throws IOException {
        String rule = "rule \"%s\"\nwhen\n    Subscription( status == SubscriptionStatus.REMOVD )\nthen\nend\n";
        String drl = "package chorus.rules;\nimport io.chorus.engine.context.*;\n\n" + rule.formatted("one") + "\n"
                + rule.formatted("two");
        Files.writeString(dir.resolve("a.drl"), drl);

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.errors()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).endsWith("(the same text is also at line 12)");
        });
    }

    @Test
    void misspelledNameInAnActionIsReportedAtItsLineNotTheRulesFirst() throws IOException {
        String drl = defaultRulesEditing("plays/billing.drl", ".amount( total )", ".amout( total )");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.errors()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(lineOf(drl, ".amout(")));
    }

    @Test
    void misspelledConstantInADecisionTableIsReportedAtItsRow() throws IOException {
        String csv = defaultRulesEditing("tables/channel-weights.drl.csv", "WEB,CREDIT,1.0", "WEB,CREDITT,1.0");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("tables/channel-weights.drl.csv");
            assertThat(p.line()).isEqualTo(lineOf(csv, "WEB,CREDITT,1.0"));
        });
    }

    @Test
    void syntaxErrorIsReportedAloneWithoutTheKnockOnErrorsOfItsPackage() throws IOException {
        defaultRulesEditing("plays/outreach.drl", "Survey( score >= 9,", "Survey( score >= ,");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.errors()).isNotEmpty().allSatisfy(p -> assertThat(p.file()).endsWith("plays/outreach.drl"));
    }

    @Test
    void syntaxErrorIsReportedInOnePassWithEveryOther() throws IOException {
        Files.writeString(dir.resolve("a.drl"), "package chorus.rules;\nrule \"one\"\nwhen\n  String(\nthen\nend\n");
        Files.writeString(dir.resolve("b.drl"), "package chorus.rules;\nrule \"two\"\nwhen\n  NoSuchType()\nthen\nend\n");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.errors()).extracting(RuleProblem::file)
                .anyMatch(f -> f.endsWith("a.drl")).anyMatch(f -> f.endsWith("b.drl"));
        assertThat(load.errors()).filteredOn(p -> p.file().endsWith("b.drl"))
                .anySatisfy(p -> assertThat(p.line()).isEqualTo(4));
    }

    @Test
    void decisionTableErrorPointsAtTheSheetRowNotTheGeneratedDrl() throws IOException {
        String csv = defaultRulesEditing("tables/channel-weights.drl.csv", "CALL_CENTER,GUIDANCE,1.0", "CALL_CENTER,GUIDANCE,1.0.0");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.ok()).isFalse();
        assertThat(load.errors()).anySatisfy(p -> {
            assertThat(p.file()).endsWith("tables/channel-weights.drl.csv");
            assertThat(p.line()).isEqualTo(lineOf(csv, "CALL_CENTER,GUIDANCE,1.0.0"));
        });
    }

    @Test
    void decisionTableRowsAreNamedFromTheirNameColumn() {
        RuleSet rules = Fixtures.defaultRules();

        assertThat(rules.ruleNames()).contains("Retention offer for a business account of 3 years or more",
                "How well the call centre suits a credit", "What the store can show");
        assertThat(rules.drlRuleNames()).contains("Credit charges billed for removed lines")
                .doesNotContain("Retention offer for a business account of 3 years or more");
    }

    @Test
    void insertingARowIntoADecisionTableRenamesNoOtherRule() throws IOException {
        Fixtures.copyDefaultRules(dir);
        List<String> before = RuleSetLoader.load(dir).orElseThrow().ruleNames();
        Path table = dir.resolve("tables/retention-offers.drl.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(table));
        lines.add(lines.indexOf(lines.stream().filter(l -> l.contains("CONSUMER_DATA_BOOST")).findFirst().orElseThrow()),
                "Retention offer for a consumer customer of under a year,\"CONSUMER,0,1\",CONSUMER_WELCOME,"
                        + "A welcome gift,Offer a welcome gift.,0.4,0.5,A brand-new customer responds to a gift.");
        Files.write(table, lines);

        List<String> after = RuleSetLoader.load(dir).orElseThrow().ruleNames();

        assertThat(after).containsAll(before).contains("Retention offer for a consumer customer of under a year")
                .hasSize(before.size() + 1);
    }

    @Test
    void errorInANamedTableRowPointsAtThatRow() throws IOException {
        String csv = defaultRulesEditing("tables/retention-offers.drl.csv", ",0.45,0.6,", ",0.45x,0.6,");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.errors()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.file()).endsWith("tables/retention-offers.drl.csv");
            assertThat(p.line()).isEqualTo(lineOf(csv, "0.45x"));
        });
    }

    @Test
    void decisionTableNamedPlainCsvLoads() throws IOException {
        Fixtures.copyDefaultRules(dir);
        Files.move(dir.resolve("tables/retention-offers.drl.csv"), dir.resolve("tables/offers.csv"));

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.problems()).isEmpty();
        assertThat(load.files()).extracting(RuleFile::path).contains("tables/offers.csv");
        assertThat(load.orElseThrow().ruleNames()).contains("Retention offer for a business account of 3 years or more");
    }

    @Test
    void csvThatIsNotADecisionTableIsAnErrorNamingIt() throws IOException {
        Fixtures.copyDefaultRules(dir);
        Files.writeString(dir.resolve("customers/index.csv"), "customerId,file\nC-1001,sam-rivers.json\n");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.ok()).isFalse();
        assertThat(load.errors()).singleElement().satisfies(e -> assertThat(e.toString())
                .startsWith(dir.resolve("customers/index.csv") + ":1: ").contains("not a decision table"));
    }

    @Test
    void ruleSetFilesThatChorusDoesNotLoadAreNamedInAWarning() throws IOException {
        Fixtures.copyDefaultRules(dir);
        Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(dir.resolve("META-INF/kmodule.xml"), "<kmodule xmlns=\"http://www.drools.org/xsd/kmodule\"/>\n");
        Files.writeString(dir.resolve("plays/billing.dsl"), "[when]There is a removed line=Subscription()\n");
        Files.writeString(dir.resolve("plays/outreach.dslr"), "rule \"x\"\nwhen\n  There is a removed line\nthen\nend\n");
        Files.writeString(dir.resolve("offers.dmn"), "<definitions/>\n");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.ok()).isTrue();
        assertThat(load.warnings()).extracting(RuleProblem::toString).containsExactlyInAnyOrder(
                dir.resolve("META-INF/kmodule.xml") + ":1: warning: not loaded: Chorus loads *.drl and decision tables",
                dir.resolve("offers.dmn") + ":1: warning: not loaded: Chorus loads *.drl and decision tables",
                dir.resolve("plays/billing.dsl") + ":1: warning: not loaded: Chorus loads *.drl and decision tables",
                dir.resolve("plays/outreach.dslr") + ":1: warning: not loaded: Chorus loads *.drl and decision tables");
    }

    @Test
    void filesChorusReadsBesideTheRulesAreNotWarnedAbout() throws IOException {
        Fixtures.copyDefaultRules(dir);
        Files.writeString(dir.resolve("predictors.yaml"), "predictors:\n  - name: segment\n    measure: segment\n");
        Files.writeString(dir.resolve("README.md"), "# Our rules\n");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.problems()).isEmpty();
    }

    @Test
    void queryIsNotCountedAsARule() throws IOException {
        Fixtures.copyDefaultRules(dir);
        Files.writeString(dir.resolve("plays/billing.drl"), "\nquery \"Removed lines\"\n"
                + "    Subscription( status == SubscriptionStatus.REMOVED )\nend\n", StandardOpenOption.APPEND);

        RuleSet rules = RuleSetLoader.load(dir).orElseThrow();

        assertThat(rules.ruleNames()).doesNotContain("Removed lines")
                .hasSameSizeAs(Fixtures.defaultRules().ruleNames());
        assertThat(rules.drlRuleNames()).doesNotContain("Removed lines");
    }

    @Test
    void aConstraintWithABadPeriodFailsTheLoadAtItsLineAndTheDefaultsLoad() throws IOException {
        assertThat(Fixtures.defaultRules().constraints()).extracting(c -> c.name())
                .containsExactly("retention-letters", "detractor-call-backs", "business-account-reviews");
        String yaml = defaultRulesEditing("constraints.yaml", "    period: DAY\n    limit: 400", "    period: DAILY\n    limit: 400");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.ok()).isFalse();
        assertThat(load.errors()).singleElement().satisfies(p -> assertThat(p.toString())
                .isEqualTo(dir.resolve("constraints.yaml") + ":" + lineOf(yaml, "DAILY")
                        + ": unknown value \"DAILY\" (expected one of DAY, WEEK)"));
    }

    @Test
    void ruleThatReadsTheEnvironmentIsRefusedAtItsLine() throws IOException {
        String drl = defaultRulesEditing("plays/billing.drl", "insert( new ChargeNotOwed( $charge, $line ) );",
                "insert( new ChargeNotOwed( $charge, $line ) );\n    String keys = System.getenv( \"CHORUS_API_KEYS\" );");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.ok()).isFalse();
        assertThat(load.errors()).singleElement().satisfies(p -> assertThat(p.toString())
                .isEqualTo(dir.resolve("plays/billing.drl") + ":" + lineOf(drl, "System.getenv")
                        + ": System.getenv is outside the fact model (the JVM and its environment): rules may not use it"));
    }

    @Test
    void globalNobodyProvidesFailsTheLoadAtItsLine() throws IOException {
        String drl = defaultRulesEditing("plays/billing.drl", "import function", "global java.util.List results;\nimport function");

        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.ok()).isFalse();
        assertThat(load.errors()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf(drl, "global java.util.List results;"));
            assertThat(p.message()).startsWith("global results is not provided by the engine");
        });
    }

    @Test
    void directoryWithoutRulesIsAnError() {
        RuleSetLoad load = RuleSetLoader.load(dir);

        assertThat(load.ok()).isFalse();
        assertThat(load.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("no rule files"));
    }

    /** A copy of the default rules with one edit; the edited file's text. */
    private String defaultRulesEditing(String file, String from, String to) throws IOException {
        Fixtures.copyDefaultRules(dir);
        Path path = dir.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as(file).contains(from);
        Files.writeString(path, text.replace(from, to));
        return text.replace(from, to);
    }

    static int lineOf(String text, String fragment) {
        String before = text.substring(0, text.indexOf(fragment));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }
}
