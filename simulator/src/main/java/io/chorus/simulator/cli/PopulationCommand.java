package io.chorus.simulator.cli;

import io.chorus.simulator.population.PopulationGenerator;
import io.chorus.simulator.population.PopulationWriter;
import io.chorus.simulator.progress.ProgressDisplay;
import io.chorus.simulator.progress.ProgressMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

@Command(name = "population", mixinStandardHelpOptions = true,
        description = "Synthetic customer populations for what-if runs.",
        subcommands = PopulationCommand.Generate.class)
public final class PopulationCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Write a synthetic, realistic population as JSON Lines (one customer context per line).",
                    "The same --size, --seed and --as-of always give the same file; customer i is the same "
                            + "whatever the size."})
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--size", required = true, paramLabel = "N", description = "Number of customers.")
        long size;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Population file to write (.jsonl).")
        Path out;

        @Option(names = "--as-of", paramLabel = "TS", converter = Timestamps.class,
                description = "The population's \"now\": every event lies before it, within the windows the rules "
                        + "watch. Default: the start of today (UTC). Simulate with the same --as-of.")
        Instant asOf;

        @Option(names = "--progress", defaultValue = "AUTO", paramLabel = "MODE",
                description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: a bar on a terminal, lines otherwise).")
        ProgressMode progress;

        @Override
        public Integer call() throws IOException {
            if (size < 0) {
                spec.commandLine().getErr().println("--size: must not be negative, was " + size);
                return ExitCode.USAGE;
            }
            Instant anchor = asOf != null ? asOf : Instant.now().truncatedTo(ChronoUnit.DAYS);
            ProgressDisplay display = new ProgressDisplay(progress, spec.commandLine().getErr(), "generate", "customers");
            PopulationWriter.write(new PopulationGenerator(seed, anchor), size, out,
                    written -> display.update(written, written, size));
            display.finish(size);
            spec.commandLine().getOut().println("wrote " + size + " customers to " + out + " (seed " + seed
                    + ", as of " + anchor + ")");
            return ExitCode.OK;
        }
    }
}
