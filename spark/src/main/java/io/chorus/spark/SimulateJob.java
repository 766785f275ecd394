package io.chorus.spark;

import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoader;
import io.chorus.simulator.cli.WhatIfOptions;
import io.chorus.simulator.report.HtmlReport;
import io.chorus.simulator.report.JsonReport;
import io.chorus.simulator.report.SimulationReport;
import io.chorus.simulator.report.TerminalReport;
import io.chorus.simulator.run.SimulationSettings;
import io.chorus.simulator.run.Simulator;
import io.chorus.simulator.run.Tally;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code chorus simulate} as an Apache Spark job. The driver compiles the rule sets (a rule set that does not
 * compile stops the job before any executor starts), reads their files into memory and broadcasts them; every
 * executor JVM compiles them once ({@link ExecutorRules}). Each partition of the population is decided record by
 * record with the simulator's own {@link io.chorus.simulator.run.Decider} into one {@link Tally}; the tallies come
 * back through a tree reduction with the tally's associative merge, and the driver writes the same reports as
 * {@code chorus simulate}.
 */
@Command(name = "SimulateJob", mixinStandardHelpOptions = true,
        description = {"What-if run on Apache Spark: decide every customer of a population on each channel with the"
                + " candidate rules and, given a baseline, with the baseline rules too; the same report as"
                + " chorus simulate.",
                "Spark's own settings (spark.master, executor memory...) come from spark-submit or -Dspark.*."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed (bad records, if any, are in the report)",
                "1:rules that do not compile, an unreadable population, or a bad record with --strict",
                "2:invalid command line"})
public final class SimulateJob implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--population", required = true, paramLabel = "PATH",
            description = {"Population: a file, a directory or a glob on any file system Hadoop reads (file:, hdfs:,"
                    + " s3a:, gs:, abfs:...). JSON Lines, compressed by its name's suffix (.gz, .bz2, .zst...), or"
                    + " Parquet (a name ending in .parquet), one customer context per row in columns shaped like"
                    + " its JSON.",
                    "Repeatable; the files are read in the order given, each directory's or glob's in name order."})
    List<String> populations;

    @Option(names = "--partitions", paramLabel = "N", description = "Split the population into at least N tasks;"
            + " default Spark's default parallelism. A gzipped file cannot be split: it is read by one task and"
            + " then spread over N.")
    Integer partitions;

    @Mixin
    WhatIfOptions options;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job with this command line; answers the exit code. */
    public static int run(String... args) {
        return new CommandLine(new SimulateJob()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String invalid = options.invalid() != null ? options.invalid()
                : partitions != null && partitions < 1 ? "--partitions must be at least 1" : null;
        if (invalid != null) {
            err.println(invalid);
            return USAGE;
        }
        long started = System.nanoTime();
        // Rules first, on the driver: a rule set that does not compile stops everything before Spark starts.
        RuleContent candidateFiles = RuleContent.read(options.rules(), err);
        RuleContent baselineFiles = options.baseline() == null ? null : RuleContent.read(options.baseline(), err);
        if (candidateFiles == null || (options.baseline() != null && baselineFiles == null)) {
            return FAILURE;
        }
        RuleSet candidate = candidateFiles.compile(err);
        RuleSet baseline = baselineFiles == null ? null : baselineFiles.compile(err);
        if (candidate == null || (baselineFiles != null && baseline == null)) {
            return FAILURE;
        }
        SimulationSettings settings = options.settings(1);
        SparkConf conf = new SparkConf().setAppName("chorus simulate");
        // A session rather than a bare context: Spark SQL reads the Parquet populations.
        try (SparkSession session = SparkSession.builder().config(conf).getOrCreate()) {
            JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
            List<PopulationFile> files = files(spark.hadoopConfiguration(), err);
            if (files == null) {
                return FAILURE;
            }
            Broadcast<JobRules> rules = spark.broadcast(
                    new JobRules(UUID.randomUUID().toString(), candidateFiles, baselineFiles, settings));
            List<String> origins = new ArrayList<>(files.stream().map(PopulationFile::origin).toList());
            Tally total;
            try {
                JavaRDD<Tally> tallies = Population.records(session, files, partitions)
                        .mapPartitions(records -> List.of(ExecutorRules.decide(rules, origins, records)).iterator());
                total = tallies.treeReduce(Tally::merge);
            } catch (Exception e) {
                ParquetPopulation.Unreadable unreadable = unreadable(e);
                if (unreadable == null) {
                    throw e;
                }
                err.println(unreadable.getMessage());
                return FAILURE;
            } finally {
                rules.destroy();
            }
            String name = String.join(", ", populations);
            SimulationReport report = total.report(name, settings.asOf(), settings.channels(),
                    Simulator.rulesUsed(candidate), baseline == null ? null : Simulator.rulesUsed(baseline),
                    Simulator.secondsSince(started));
            if (options.strict() && report.badLines() > 0) {
                // Partitions stop at their own first bad record; the earliest of those is the population's first.
                err.println("stopped at the first bad record (--strict): " + report.badLineSamples().get(0));
                return FAILURE;
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
            return OK;
        }
    }

    /** The population file that could not be read, where that is why the job failed (on the driver or in a task). */
    private static ParquetPopulation.Unreadable unreadable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ParquetPopulation.Unreadable unreadable) {
                return unreadable;
            }
        }
        return null;
    }

    /**
     * The population's files, in the order given, each directory or glob expanded in name order; null (after saying
     * why) when a path matches nothing.
     */
    private List<PopulationFile> files(Configuration hadoop, PrintWriter err) throws IOException {
        List<PopulationFile> files = new ArrayList<>();
        for (String given : populations) {
            Path path = new Path(given);
            FileSystem fs = path.getFileSystem(hadoop);
            FileStatus[] matched = fs.globStatus(path);
            if (matched == null || matched.length == 0) {
                err.println(given + ": no such file");
                return null;
            }
            List<FileStatus> found = new ArrayList<>();
            for (FileStatus status : matched) {
                if (status.isDirectory()) {
                    Arrays.stream(fs.listStatus(status.getPath())).filter(FileStatus::isFile)
                            .filter(s -> !s.getPath().getName().startsWith("_")
                                    && !s.getPath().getName().startsWith("."))
                            .forEach(found::add);
                } else {
                    found.add(status);
                }
            }
            found.sort(Comparator.comparing(s -> s.getPath().toString()));
            if (found.isEmpty()) {
                err.println(given + ": no files");
                return null;
            }
            // A single file keeps the name it was given, so bad records read file:line as chorus simulate says.
            boolean single = matched.length == 1 && !matched[0].isDirectory();
            for (FileStatus status : found) {
                PopulationFile file = new PopulationFile(files.size(), status.getPath().toString(),
                        single ? given : status.getPath().toString());
                String problem = file.parquet() ? ParquetPopulation.notParquet(fs, status) : null;
                if (problem != null) {
                    err.println(file.origin() + ": " + problem);
                    return null;
                }
                files.add(file);
            }
        }
        return files;
    }

    /**
     * Everything an executor needs to decide: the rule sets as content, and how to run. {@code job} tells one job
     * from another in an executor JVM that outlives them (broadcast ids start again with every Spark context).
     */
    record JobRules(String job, RuleContent candidate, RuleContent baseline, SimulationSettings settings)
            implements java.io.Serializable {
    }

    /** A rule directory read into memory on the driver: where it came from, and its files by relative path. */
    record RuleContent(String directory, Map<String, byte[]> files) implements java.io.Serializable {
        static RuleContent read(java.nio.file.Path dir, PrintWriter err) {
            if (!java.nio.file.Files.isDirectory(dir)) {
                // The loader's own message for it, as chorus simulate prints it.
                WhatIfOptions.load(dir, err);
                return null;
            }
            try {
                return new RuleContent(dir.toString(), RuleSetLoader.files(dir));
            } catch (IOException e) {
                err.println(dir + ": cannot read: " + e.getMessage());
                return null;
            }
        }

        RuleSet compile(PrintWriter err) {
            java.nio.file.Path dir = java.nio.file.Path.of(directory);
            return WhatIfOptions.checked(dir, RuleSetLoader.load(dir, files), err);
        }
    }
}
