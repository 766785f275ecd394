package io.chorus.simulator.cli;

import io.chorus.engine.rules.RuleSet;
import io.chorus.simulator.progress.ProgressDisplay;
import io.chorus.simulator.progress.ProgressMode;
import io.chorus.simulator.report.HtmlReport;
import io.chorus.simulator.report.JsonReport;
import io.chorus.simulator.report.SimulationReport;
import io.chorus.simulator.report.SimulationReport.BadLine;
import io.chorus.simulator.report.TerminalReport;
import io.chorus.simulator.run.RunObserver;
import io.chorus.simulator.run.SimulationResult;
import io.chorus.simulator.run.SimulationSettings;
import io.chorus.simulator.run.Simulator;
import io.chorus.simulator.source.CustomerContextTable;
import io.chorus.simulator.source.StoredModels;
import io.chorus.engine.learning.ModelSet;
import io.chorus.simulator.source.JsonLinesFile;
import io.chorus.simulator.source.PopulationSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"What-if run: decide every customer of a population on each channel with the candidate rules"
                + " and, given a baseline, with the baseline rules too; report what they show, suppress and change.",
                "Bad records are reported as file:line: message and counted; the run goes on unless --strict."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed (bad records, if any, are in the report)",
                "1:rules that do not compile, an unreadable population, or a bad record with --strict",
                "2:invalid command line"})
public final class SimulateCommand implements Callable<Integer> {
    private static final int BAD_LINES_PRINTED = 1000;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Population population;

    static final class Population {
        @Option(names = "--population", paramLabel = "FILE", description = "Population file, JSON Lines.")
        Path file;

        @Option(names = "--from-db", description = "Read the population from the service's PostgreSQL store"
                + " (table customer_context), streamed with a server-side cursor.")
        boolean fromDb;
    }

    @Option(names = "--db-url", paramLabel = "URL", description = "JDBC URL for --from-db, like"
            + " jdbc:postgresql://127.0.0.1:5432/chorus?user=chorus; default: environment variable CHORUS_DB_URL.")
    String dbUrl;

    @Mixin
    WhatIfOptions options;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads; default one per core.")
    Integer threads;

    @Option(names = "--progress", defaultValue = "AUTO", paramLabel = "MODE",
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: a bar on a terminal, lines otherwise).")
    ProgressMode progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String invalid = options.invalid() != null ? options.invalid()
                : threads != null && threads < 1 ? "--threads must be at least 1" : null;
        if (invalid != null) {
            err.println(invalid);
            return ExitCode.USAGE;
        }
        // Rules first: a rule set that does not compile stops everything before the population is touched.
        RuleSet candidate = WhatIfOptions.load(options.rules(), err);
        RuleSet base = options.baseline() == null ? null : WhatIfOptions.load(options.baseline(), err);
        if (candidate == null || (options.baseline() != null && base == null)) {
            return ExitCode.FAILURE;
        }
        PopulationSource source = openSource(err);
        if (source == null) {
            return ExitCode.FAILURE;
        }
        SimulationSettings settings = options.settings(
                threads == null ? Runtime.getRuntime().availableProcessors() : threads);

        ProgressDisplay display = new ProgressDisplay(progress, err, "simulate", "records");
        AtomicLong printed = new AtomicLong();
        RunObserver observer = new RunObserver() {
            @Override
            public void badLine(BadLine line) {
                long count = printed.incrementAndGet();
                if (count <= BAD_LINES_PRINTED) {
                    display.message(line.toString());
                } else if (count == BAD_LINES_PRINTED + 1) {
                    display.message("(more bad records: counted in the report, not printed)");
                }
            }

            @Override
            public void progress(long customers, long done, long total) {
                display.update(customers, done, total);
            }
        };
        ModelSet models = ModelSet.EMPTY;
        if (source instanceof CustomerContextTable) {
            // The store's population is ranked with what that store has learned, frozen as the run starts.
            String url = dbUrl != null ? dbUrl.strip() : System.getenv("CHORUS_DB_URL");
            try {
                models = StoredModels.read(url, candidate.predictors());
            } catch (SQLException e) {
                err.println(redacted(url) + ": cannot read the propensity models: "
                        + e.getMessage());
                return ExitCode.FAILURE;
            }
        }
        SimulationResult result = new Simulator(candidate, base, settings, models).run(source, observer);
        SimulationReport report = result.report();
        display.finish(report.customers() + report.badLines());
        if (result.stoppedAt().isPresent()) {
            err.println("stopped at the first bad record (--strict): " + result.stoppedAt().get());
            return ExitCode.FAILURE;
        }
        TerminalReport.print(report, out);
        if (options.jsonReport() != null) {
            JsonReport.write(report, options.jsonReport());
            out.println("JSON report: " + options.jsonReport());
        }
        if (options.htmlReport() != null) {
            HtmlReport.write(report, options.htmlReport());
            out.println("HTML report: " + options.htmlReport());
        }
        out.flush();
        return ExitCode.OK;
    }

    private PopulationSource openSource(PrintWriter err) throws Exception {
        if (population.file != null) {
            try {
                return new JsonLinesFile(population.file);
            } catch (NoSuchFileException e) {
                err.println(population.file + ": no such file");
                return null;
            }
        }
        String url = dbUrl != null ? dbUrl.strip() : System.getenv("CHORUS_DB_URL");
        if (url == null || url.isBlank()) {
            err.println("--from-db needs a database: give --db-url or set CHORUS_DB_URL");
            return null;
        }
        try {
            return new CustomerContextTable(url);
        } catch (SQLException e) {
            err.println(redacted(url) + ": cannot read customer_context: "
                    + e.getMessage());
            return null;
        }
    }

    /** The URL with its password hidden, for messages. */
    private static String redacted(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }
}
