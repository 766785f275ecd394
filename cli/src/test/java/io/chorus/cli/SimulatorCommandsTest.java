package io.chorus.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher offers the simulator's commands, with the launcher's exit codes. */
class SimulatorCommandsTest {

    @Test
    void chorusHasSimulateAndPopulationGenerate() {
        CommandLine chorus = Chorus.commandLine();

        assertThat(chorus.getSubcommands()).containsKeys("simulate", "population");
        assertThat(chorus.getSubcommands().get("population").getSubcommands()).containsKey("generate");
    }

    @Test
    void simulateWithoutAPopulationIsAUsageError() {
        CommandLine chorus = Chorus.commandLine();
        StringWriter err = new StringWriter();
        chorus.setErr(new PrintWriter(err, true));

        int code = chorus.execute("simulate", "--channel", "SMS");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--population", "--from-db");
    }
}
