package io.chorus.cli;

import io.chorus.api.access.ApiKeys;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class KeysCommandTest {

    @Test
    void givenRoles_whenANewKeyIsMade_thenItIsPrintedOnceWithTheDigestLineThatConfiguresIt() {
        StringWriter out = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("keys", "new", "--roles", "CHANNEL,RECORDER");

        assertThat(exit).isZero();
        String[] lines = out.toString().split("\\R");
        String key = lines[1].strip();
        assertThat(key).startsWith("chorus_").hasSizeGreaterThanOrEqualTo(ApiKeys.MIN_KEY_LENGTH);
        assertThat(lines[3].strip()).isEqualTo("sha256:" + ApiKeys.digest(key) + " CHANNEL,RECORDER");
    }

    @Test
    void givenAnUnknownRole_whenAKeyIsAskedFor_thenTheCommandLineIsRefused() {
        CommandLine cli = Chorus.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));

        assertThat(cli.execute("keys", "new", "--roles", "SUPERUSER")).isEqualTo(2);
    }
}
