package io.chorus.cli;

import io.chorus.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** An analyst deploys a rule folder to a running service from the command line. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesDeployCommandTest {
    private static final Path RULES = Path.of("..", "rules").toAbsolutePath().normalize();
    private static final String ADMIN = "admin-key-for-deploying-rules-0000";

    private EmbeddedServer service;

    @TempDir
    Path dir;

    @BeforeAll
    void startAService() {
        service = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "datasources.default.url", TestDatabase.get().newDatabase(),
                "micronaut.server.port", -1,
                "chorus.home", RULES.getParent().toString(),
                "chorus.access.api-keys", ADMIN + "=ADMIN;analyst-key-for-reading-rules-00000=ANALYST"));
    }

    @AfterAll
    void stopTheService() {
        service.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run deploy(String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] args = Stream.concat(Stream.of("rules", "deploy", dir.toString(), "--url", service.getURI().toString()),
                Stream.of(more)).toArray(String[]::new);
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private void copyRules() throws IOException {
        try (Stream<Path> files = Files.walk(RULES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(RULES.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    @Test
    void aFolderThatPassesIsStoredAndReported() throws IOException {
        copyRules();
        Files.writeString(dir.resolve("plays/outreach.drl"), "\n// deployed from the command line\n",
                java.nio.file.StandardOpenOption.APPEND);

        Run run = deploy("--key", ADMIN, "--no-activate");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("deployed sha256:").contains("(STORED)").contains("scenarios passed");
    }

    @Test
    void aBrokenRuleIsRefusedAsFileLineMessageWithExitCodeOne() throws IOException {
        copyRules();
        Path billing = dir.resolve("plays/billing.drl");
        Files.writeString(billing, Files.readString(billing).replace("status != ChargeStatus.CREDITED",
                "status != ChargeStatus.CREDTED"));

        Run run = deploy("--key", ADMIN);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).containsPattern(java.util.regex.Pattern.quote(billing.toString()) + ":\\d+: .*CREDTED")
                .contains("refused");
    }

    @Test
    void aKeyWithoutTheAdminRoleIsTold() throws IOException {
        copyRules();

        Run run = deploy("--key", "analyst-key-for-reading-rules-00000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("403");
    }
}
