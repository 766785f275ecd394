package io.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.engine.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented exit codes and messages of {@code chorus}, run in-process. */
class CommandLineTest {
    private static final Path RULES = Path.of("..", "rules").toAbsolutePath().normalize();
    private static final String BILLING = "plays/billing.drl";
    private static final String SAM = RULES.resolve("customers/sam-rivers.json").toString();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private static Run chorus(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void decidePrintsTheContractDecisionForTheSeedCustomer() throws IOException {
        Run run = chorus("decide", "--context", SAM, "--channel", "CALL_CENTER", "--as-of", "2026-05-20T10:00:00Z",
                "--rules", RULES.toString());

        assertThat(run.exitCode()).isZero();
        JsonNode decision = Json.mapper().readTree(run.out());
        assertThat(decision.get("customerId").asText()).isEqualTo("C-1001");
        assertThat(decision.get("asOf").asText()).isEqualTo("2026-05-20T10:00:00Z");
        assertThat(decision.get("ruleSetVersion").asText()).startsWith("sha256:");
        assertThat(decision.get("actions").get(0).get("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(decision.get("suppressed").findValuesAsText("type")).contains("RETENTION_OFFER");
        assertThat(decision.get("storySoFar")).isNotEmpty();
    }

    @Test
    void malformedContextFileIsNamedWithItsLineAndNoStackTrace() throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\n  \"customerId\": \"C-1\",\n  \"segment\": \"CONSUMER\",\n  \"accounts\": [{\"accountId\": \"A\", \"status\": \"OPEN\"}]\n}\n");

        Run run = chorus("decide", "--context", broken.toString(), "--channel", "WEB", "--rules", RULES.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo(broken + ":4: accounts[0].status: unknown value \"OPEN\" (expected one of ACTIVE, SUSPENDED, CLOSED)");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownChannelIsAUsageErrorThatListsTheChannels() {
        Run run = chorus("decide", "--context", SAM, "--channel", "FAX");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--channel").contains("FAX").contains("CALL_CENTER");
    }

    @Test
    void timestampWithoutOffsetIsRefused() {
        Run run = chorus("decide", "--context", SAM, "--channel", "WEB", "--as-of", "2026-05-20 10:00");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--as-of: \"2026-05-20 10:00\" is not a timestamp with offset");
    }

    @Test
    void missingContextFileSaysSo() {
        Run run = chorus("decide", "--context", dir.resolve("nobody.json").toString(), "--channel", "WEB");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nobody.json: no such file");
    }

    @Test
    void rulesCheckPassesOnTheDefaultRules() {
        Run run = chorus("rules", "check", RULES.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("ok: ").contains("sha256:");
    }

    @Test
    void rulesCheckReportsABrokenRuleAsFileLineMessage() throws IOException {
        String drl = rulesEditing(BILLING, "status != ChargeStatus.CREDITED", "status != ChargeStatus.CREDTED");

        Run run = chorus("rules", "check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith(dir.resolve(BILLING) + ":" + lineOf(drl, "status != ChargeStatus.CREDTED")
                + ": Unable to Analyse Expression status != ChargeStatus.CREDTED: ").contains("does not compile");
    }

    @Test
    void rulesCheckRefusesARuleThatReadsTheEnvironment() throws IOException {
        String drl = rulesEditing(BILLING, "insert( new ChargeNotOwed( $charge, $line ) );",
                "insert( new ChargeNotOwed( $charge, $line ) );\n    String keys = System.getenv( \"CHORUS_API_KEYS\" );");

        Run run = chorus("rules", "check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith(dir.resolve(BILLING) + ":" + lineOf(drl, "System.getenv")
                + ": System.getenv is outside the fact model (the JVM and its environment): rules may not use it\n");
    }

    @Test
    void rulesCheckRefusesAGlobalTheEngineDoesNotProvide() throws IOException {
        String drl = rulesEditing(BILLING, "import function", "global java.util.List results;\nimport function");

        Run run = chorus("rules", "check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith(dir.resolve(BILLING) + ":" + lineOf(drl, "global ")
                + ": global results is not provided by the engine");
    }

    @Test
    void rulesCheckCountsNoQueryAsARuleAndNamesAFileItDoesNotLoad() throws IOException {
        copyRules();
        String before = chorus("rules", "check", dir.toString()).out();
        String rules = before.substring(0, before.indexOf(" in "));
        Files.writeString(dir.resolve(BILLING), "\nquery \"Removed lines\"\n"
                + "    Subscription( status == SubscriptionStatus.REMOVED )\nend\n", StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("plays/words.dsl"), "[when]There is a removed line=Subscription()\n");

        Run run = chorus("rules", "check", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith(rules + " in ");
        assertThat(run.err().strip()).isEqualTo(dir.resolve("plays/words.dsl")
                + ":1: warning: not loaded: Chorus loads *.drl and decision tables");
    }

    @Test
    void rulesTestReportsTheFailedExpectationAtItsLine() throws IOException {
        Path scenario = dir.resolve("scenarios/removed-sim-still-billed.yaml");
        int line = lineOf(rulesEditing("scenarios/removed-sim-still-billed.yaml", "amount: 12.50", "amount: 12.00"),
                "amount: 12.00");

        Run run = chorus("rules", "test", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(scenario + ":" + line + ": expected action {type: CREDIT, amount: 12.00}");
        assertThat(run.out()).containsPattern("\\d+ passed, 1 failed");
    }

    @Test
    void rulesTestPassesOnTheDefaultRulesWithFullCoverage() {
        Run run = chorus("rules", "test", RULES.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("\\d+ passed, 0 failed");
        assertThat(run.err()).doesNotContain("warning");
    }

    /** A copy of the default rules with one edit; the edited file's text. */
    private String rulesEditing(String file, String from, String to) throws IOException {
        copyRules();
        Path path = dir.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as(file).contains(from);
        Files.writeString(path, text.replace(from, to));
        return text.replace(from, to);
    }

    private static int lineOf(String text, String fragment) {
        return (int) text.substring(0, text.indexOf(fragment)).chars().filter(c -> c == '\n').count() + 1;
    }

    private void copyRules() throws IOException {
        try (Stream<Path> files = Files.walk(RULES)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = dir.resolve(RULES.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
