package io.chorus.spark;

import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;
import io.chorus.simulator.report.SimulationReport.BadLine;
import io.chorus.simulator.run.Decider;
import io.chorus.simulator.run.Tally;
import io.chorus.spark.SimulateJob.JobRules;
import io.chorus.spark.SimulateJob.RuleContent;
import org.apache.spark.broadcast.Broadcast;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The executor's side: the broadcast rule sets compiled once per executor JVM (compiling takes seconds; every task
 * of the job on that JVM shares the result, as the simulator's worker threads share one rule set), and one
 * partition decided into one tally.
 */
final class ExecutorRules {
    private static String compiledFor;
    private static Decider compiled;

    private ExecutorRules() {
    }

    /** Decides every record of one partition; with --strict, stops at the partition's first bad record. */
    static Tally decide(Broadcast<JobRules> rules, List<String> origins, Iterator<Population.Line> records) {
        Decider decider = decider(rules);
        boolean strict = rules.value().settings().strict();
        Tally tally = decider.newTally();
        while (records.hasNext()) {
            BadLine bad = decider.decide(records.next().toPopulationLine(origins), tally);
            if (bad != null && strict) {
                break;
            }
        }
        return tally;
    }

    /** The job's decider, compiled by the first task of the job to reach this JVM; the others wait for it. */
    private static synchronized Decider decider(Broadcast<JobRules> rules) {
        JobRules job = rules.value();
        if (!job.job().equals(compiledFor)) {
            compiled = null; // a previous job's rule sets can go
            compiled = new Decider(compile(job.candidate()), job.baseline() == null ? null : compile(job.baseline()),
                    job.settings());
            compiledFor = job.job();
        }
        return compiled;
    }

    private static RuleSet compile(RuleContent content) {
        RuleSetLoad load = RuleSetLoader.load(Path.of(content.directory()), content.files());
        if (!load.ok()) {
            // The driver compiled the same files before starting the job: this would be a different JVM's problem.
            throw new IllegalStateException("the rule set in " + content.directory() + " does not compile here: "
                    + load.errors());
        }
        return load.orElseThrow();
    }
}
