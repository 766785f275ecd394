package io.chorus.cli;

import io.chorus.simulator.cli.PopulationCommand;
import io.chorus.simulator.cli.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code chorus} launcher. Exit codes: 0 success, 1 the input or the rules are wrong (the message says
 * where), 2 the command line itself is wrong.
 */
@Command(name = "chorus", mixinStandardHelpOptions = true, version = "chorus 0.1.0",
        description = "Rules-driven next-best-action engine for telecom operators.",
        subcommands = {DecideCommand.class, RulesCommand.class, ServeCommand.class, MigrateCommand.class, KeysCommand.class,
                SimulateCommand.class, PopulationCommand.class, OutboundCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:invalid input, rules that do not compile, or failed scenarios",
                "2:invalid command line"})
public final class Chorus {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Chorus());
        cli.setExecutionExceptionHandler(Chorus::reportFailure);
        return cli;
    }

    /** A failure the user can fix is a message, never a stack trace. */
    private static int reportFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        Throwable setting = e;
        while (setting != null && !(setting instanceof io.micronaut.context.exceptions.ConfigurationException)) {
            setting = setting.getCause();
        }
        if (e instanceof UserError) {
            err.println(e.getMessage());
        } else if (setting != null) {
            // A setting the service cannot start with: its message names the setting, the rest is the container's.
            err.println("chorus: " + setting.getMessage());
        } else {
            err.println("chorus: " + cli.getCommandName() + " failed: " + e);
        }
        err.flush();
        return ExitCodes.FAILURE;
    }
}
