package io.chorus.simulator.cli;

import io.chorus.engine.context.Channel;
import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;
import io.chorus.simulator.run.SimulationSettings;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The options of a what-if run apart from where its population comes from: the same for {@code chorus simulate}
 * and for the Spark job, which mixes them in (picocli {@code @Mixin}) so both read a command line the same way.
 */
public final class WhatIfOptions {
    @Option(names = "--rules", paramLabel = "DIR", description = "Candidate rule directory; default the build's rules/ folder.")
    Path rules;

    @Option(names = "--baseline", paramLabel = "DIR", description = "Baseline rule directory to compare against.")
    Path baseline;

    @Option(names = "--channel", paramLabel = "CHANNEL",
            description = "Channel to decide on, repeatable: ${COMPLETION-CANDIDATES}. Default: every channel.")
    List<Channel> channels;

    @Option(names = "--as-of", paramLabel = "TS", converter = Timestamps.class,
            description = "Decide as of this moment (ISO-8601 with offset); default now.")
    Instant asOf;

    @Option(names = "--max-actions", defaultValue = "5", paramLabel = "N", description = "Most actions per decision (default ${DEFAULT-VALUE}).")
    int maxActions;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a self-contained HTML report with charts.")
    Path htmlReport;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    Path jsonReport;

    @Option(names = "--strict", description = "Stop at the first bad record, exit 1.")
    boolean strict;

    @Option(names = "--value-threshold", defaultValue = "0.10", paramLabel = "P",
            description = "Value finder: an action whose propensity is under P (0 to 1) is not worth showing; customers"
                    + " shown only such actions are counted beside those shown nothing (default ${DEFAULT-VALUE}).")
    double valueThreshold;

    @Option(names = "--sample", defaultValue = "20", paramLabel = "N", description = "Customers kept in each sample of the report (default ${DEFAULT-VALUE}).")
    int sampleSize;

    /** The candidate rule directory: the one given, else the checkout's {@code rules/} folder. */
    public Path rules() {
        return DefaultRules.orDefault(rules);
    }

    /** The baseline rule directory, null without one. */
    public Path baseline() {
        return baseline;
    }

    public Path htmlReport() {
        return htmlReport;
    }

    public Path jsonReport() {
        return jsonReport;
    }

    public boolean strict() {
        return strict;
    }

    /** What is wrong with the numbers given, or null. */
    public String invalid() {
        if (maxActions < 0 || sampleSize < 0) {
            return "--max-actions and --sample must not be negative";
        }
        return valueThreshold >= 0 && valueThreshold <= 1 ? null : "--value-threshold must be between 0 and 1";
    }

    /** How to run, with {@code workers} threads; "now" is read once, here. */
    public SimulationSettings settings(int workers) {
        return new SimulationSettings(
                channels == null || channels.isEmpty() ? Arrays.asList(Channel.values()) : channels,
                asOf == null ? Instant.now() : asOf, maxActions, strict, workers, sampleSize, valueThreshold);
    }

    /** Compiles a rule directory, printing its problems; null when it does not compile. */
    public static RuleSet load(Path dir, PrintWriter err) {
        return checked(dir, RuleSetLoader.load(dir), err);
    }

    /** A load's problems printed; its rule set, or null when it does not compile. */
    public static RuleSet checked(Path dir, RuleSetLoad load, PrintWriter err) {
        for (RuleProblem problem : load.problems()) {
            err.println(problem);
        }
        if (!load.ok()) {
            err.println(load.errors().size() + " error(s): the rule set in " + dir + " does not compile");
            return null;
        }
        return load.orElseThrow();
    }
}
