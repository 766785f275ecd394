import io.chorus.simulator.cli.PopulationCommand;
import io.chorus.simulator.cli.SimulateCommand;
import picocli.CommandLine;

import java.util.Arrays;

/**
 * The single-JVM commands from chorus-spark.jar itself, for the benchmark: "simulate ..." is chorus simulate,
 * "population generate ..." is chorus population generate. Run with java's source launcher, the jar on -cp.
 */
class Single {
    public static void main(String[] args) {
        Object command = args[0].equals("simulate") ? new SimulateCommand() : new PopulationCommand();
        System.exit(new CommandLine(command).execute(Arrays.copyOfRange(args, 1, args.length)));
    }
}
