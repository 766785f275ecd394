package io.chorus.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.engine.json.Json;
import io.chorus.simulator.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands run in-process, as the launcher runs them: exit codes and what the user reads. */
class SimulateCommandTest {
    private static final String AS_OF = "2026-05-20T10:00:00Z";

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void reportsBadLinesAsFileAndLineAndFinishesTheRun() throws Exception {
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        String population = Fixtures.knownPopulation().toString();

        Run run = run(new SimulateCommand(), "--population", population, "--channel", "CALL_CENTER",
                "--as-of", AS_OF, "--json", json.toString(), "--report", html.toString(), "--progress", "NONE");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains(population + ":7: accounts[0].status: unknown value \"OPEN\"",
                population + ":8: malformed JSON");
        assertThat(run.out()).contains("5 customers, 5 decisions, 2 bad lines", "removed-line-charges",
                "No sales outreach while a billing dispute is open");
        JsonNode report = Json.mapper().readTree(json.toFile());
        assertThat(report.get("customers").asLong()).isEqualTo(5);
        assertThat(report.get("badLines").asLong()).isEqualTo(2);
        assertThat(report.get("candidate").get("byType")).isNotEmpty();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg class=\"chart\"");
    }

    @Test
    void strictStopsAtTheFirstBadLineWithExitCodeOne() {
        String population = Fixtures.knownPopulation().toString();

        Run run = run(new SimulateCommand(), "--population", population, "--channel", "CALL_CENTER",
                "--as-of", AS_OF, "--strict", "--progress", "NONE", "--threads", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(population + ":7: accounts[0].status")
                .contains("stopped at the first bad record (--strict)");
        assertThat(run.out()).doesNotContain("customers, ");
    }

    @Test
    void aRuleSetThatDoesNotCompileStopsBeforeTheRunWithItsErrors() {
        Path broken = Fixtures.copyOfDefaultRules(dir.resolve("broken"));
        Fixtures.edit(broken.resolve("plays/outreach.drl"), "Survey( score >= 9,", "Survey( score >= ,");

        Run run = run(new SimulateCommand(), "--population", Fixtures.knownPopulation().toString(),
                "--rules", broken.toString(), "--as-of", AS_OF, "--progress", "NONE");

        assertThat(run.exitCode()).isEqualTo(1);
        int brokenLine = Fixtures.lineOf(broken.resolve("plays/outreach.drl"), "Survey( score >= ,");
        assertThat(run.err()).contains("plays/outreach.drl:" + brokenLine + ": ", "does not compile");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingPopulationFileIsAnInputError() {
        Run run = run(new SimulateCommand(), "--population", dir.resolve("nowhere.jsonl").toString(),
                "--progress", "NONE");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nowhere.jsonl: no such file");
    }

    @Test
    void anUnknownChannelOrNoPopulationIsAUsageError() {
        assertThat(run(new SimulateCommand(), "--population", "x.jsonl", "--channel", "PIGEON").exitCode()).isEqualTo(2);
        assertThat(run(new SimulateCommand(), "--channel", "SMS").exitCode()).isEqualTo(2);
        assertThat(run(new SimulateCommand(), "--population", "x.jsonl", "--from-db").exitCode()).isEqualTo(2);
    }

    @Test
    void fromDbWithoutADatabaseUrlSaysWhatIsMissing() {
        Run run = run(new SimulateCommand(), "--from-db", "--db-url", " ", "--progress", "NONE");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--from-db needs a database: give --db-url or set CHORUS_DB_URL");
    }

    @Test
    void generateWritesTheSamePopulationForTheSameSeed() throws Exception {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        String[] common = {"--size", "250", "--seed", "5", "--as-of", AS_OF, "--progress", "NONE"};

        Run a = run(new PopulationCommand(), concat(new String[]{"generate", "--out", first.toString()}, common));
        Run b = run(new PopulationCommand(), concat(new String[]{"generate", "--out", second.toString()}, common));

        assertThat(a.exitCode()).isZero();
        assertThat(b.exitCode()).isZero();
        assertThat(a.out()).contains("wrote 250 customers");
        assertThat(Files.readAllLines(first)).hasSize(250);
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    }

    @Test
    void aCompressedPopulationGivesTheSameRunAsThePlainFile() throws Exception {
        Path plain = dir.resolve("plain.jsonl");
        Path compressed = dir.resolve("compressed.jsonl.gz");
        for (Path out : List.of(plain, compressed)) {
            assertThat(run(new PopulationCommand(), "generate", "--size", "120", "--seed", "3", "--as-of", AS_OF,
                    "--out", out.toString(), "--progress", "NONE").exitCode()).isZero();
        }
        assertThat(Files.size(compressed)).isLessThan(Files.size(plain) / 4);

        Run fromPlain = run(new SimulateCommand(), "--population", plain.toString(), "--channel", "WEB",
                "--as-of", AS_OF, "--progress", "NONE");
        Run fromCompressed = run(new SimulateCommand(), "--population", compressed.toString(), "--channel", "WEB",
                "--as-of", AS_OF, "--progress", "NONE");

        assertThat(fromPlain.out()).contains("120 customers, 120 decisions, 0 bad lines");
        assertThat(tables(fromCompressed.out())).isEqualTo(tables(fromPlain.out()));
    }

    /** The report without its first lines, which name the file and the time taken. */
    private static String tables(String out) {
        return out.substring(out.indexOf("\n\n"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
