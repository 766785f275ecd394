package io.chorus.cli;

import io.chorus.api.decisions.DecisionRow;
import io.chorus.api.decisions.OutboundCommits;
import io.chorus.api.decisions.OutboundStore;
import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContactOutcome;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.json.Json;
import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;
import io.chorus.simulator.outbound.OutboundFiles;
import io.chorus.simulator.outbound.OutboundRun;
import io.chorus.simulator.outbound.OutboundSummary;
import io.chorus.simulator.progress.ProgressDisplay;
import io.chorus.simulator.progress.ProgressMode;
import io.chorus.simulator.report.SimulationReport.BadLine;
import io.chorus.simulator.run.RunObserver;
import io.chorus.simulator.source.CustomerContextTable;
import io.chorus.simulator.source.StoredModels;
import io.chorus.engine.learning.ModelSet;
import io.chorus.api.learning.DecisionFeatures;
import io.chorus.api.storage.DatabaseUrl;
import io.chorus.simulator.source.JsonLinesFile;
import io.chorus.simulator.source.PopulationLine;
import io.chorus.simulator.source.PopulationSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** {@code chorus outbound run}: decide a whole population on outbound channels, then allocate under the constraints. */
@Command(name = "outbound", mixinStandardHelpOptions = true,
        description = "Outbound runs: decide a population for the channels we send on, within the volume constraints.",
        subcommands = OutboundCommand.Run.class)
public final class OutboundCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Decide every customer of a population on each outbound channel, then allocate actions to"
                    + " customers under the volume constraints (rules/constraints.yaml) to keep the most total"
                    + " priority: at most --per-channel actions per customer and channel, never over a limit.",
                    "Writes the actions to send to --out (JSON Lines); the summary gives, per constraint, the limit,"
                            + " what is used and the customers held back, the total priority kept, the upper bound"
                            + " (the linear relaxation's optimum) and the gap."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the run completed", "1:rules that do not compile, an unreadable population, a bad"
                    + " record (without --skip-bad), a channel that is not outbound, or a store that cannot be used",
                    "2:invalid command line"})
    static final class Run implements Callable<Integer> {
        /** The frozen models the run ranks with; none unless it reads the store. */
        private ModelSet models = ModelSet.EMPTY;

        private static final int COMMIT_BATCH = 500;
        private static final int BAD_LINES_PRINTED = 1000;
        private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Population population;

        static final class Population {
            @Option(names = "--population", paramLabel = "FILE", description = "Population file, JSON Lines (.gz read as such, - for standard input).")
            Path file;

            @Option(names = "--from-db", description = "Read the population from the service's store (customer_context).")
            boolean fromDb;
        }

        @Option(names = "--channel", required = true, paramLabel = "CH",
                description = "Outbound channel to decide on, repeatable: ${COMPLETION-CANDIDATES} (the rules say which are outbound).")
        List<Channel> channels;

        @Option(names = "--as-of", required = true, paramLabel = "TS", converter = Timestamp.class,
                description = "Decide as of this moment (ISO-8601 with offset); it also picks each constraint's period.")
        Instant asOf;

        @Option(names = "--rules", paramLabel = "DIR", description = "Rule directory; default the build's rules/ folder.")
        Path rules;

        @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "The actions to send, one JSON line each.")
        Path out;

        @Option(names = "--json", paramLabel = "FILE", description = "Write the summary as JSON.")
        Path json;

        @Option(names = "--report", paramLabel = "FILE.html", description = "Write the summary as a self-contained HTML page.")
        Path report;

        @Option(names = "--commit", description = "Record the sends in the store: decisions with their contacts as SENT,"
                + " counted against the service's constraint counters; committing the same run twice sends nothing twice.")
        boolean commit;

        @Option(names = "--run-id", paramLabel = "ID", description = "Names the run in the store (default: derived from"
                + " the rules' version, --as-of, the channels and the population, so a repeat is the same run).")
        String runId;

        @Option(names = "--db-url", paramLabel = "URL", description = "PostgreSQL for --from-db and --commit; default CHORUS_DB_URL.")
        String dbUrl;

        @Option(names = "--per-channel", defaultValue = "1", paramLabel = "N",
                description = "Most actions sent to one customer on one channel (default ${DEFAULT-VALUE}).")
        int perChannel;

        @Option(names = "--max-actions", defaultValue = "5", paramLabel = "N",
                description = "Ranked actions of each decision the allocation may choose from (default ${DEFAULT-VALUE}).")
        int maxActions;

        @Option(names = "--skip-bad", description = "Leave out bad records (reported as file:line: message) instead of stopping at the first.")
        boolean skipBad;

        @Option(names = "--threads", paramLabel = "N", description = "Worker threads; default one per core.")
        Integer threads;

        @Option(names = "--progress", defaultValue = "AUTO", paramLabel = "MODE",
                description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        ProgressMode progress;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (perChannel < 1 || maxActions < 1 || (threads != null && threads < 1)) {
                err.println("--per-channel, --max-actions and --threads must be at least 1");
                return ExitCodes.USAGE;
            }
            if (runId != null && !RUN_ID.matcher(runId).matches()) {
                err.println("--run-id: letters, digits, '.', '_' and '-', at most 64, was \"" + runId + "\"");
                return ExitCodes.USAGE;
            }
            if (commit && population.file != null && population.file.toString().equals("-")) {
                err.println("--commit reads the population twice: give a file, not standard input");
                return ExitCodes.USAGE;
            }
            if (maxActions < perChannel) {
                maxActions = perChannel;
            }
            Path rulesDir = RulesDirectory.orDefault(rules);
            RuleSet ruleSet = load(rulesDir, err);
            String url = dbUrl != null ? dbUrl.strip() : System.getenv("CHORUS_DB_URL");
            boolean needsStore = commit || population.fromDb;
            if (needsStore && (url == null || url.isBlank())) {
                throw new UserError((commit ? "--commit" : "--from-db")
                        + " needs the store: give --db-url or set CHORUS_DB_URL");
            }
            OutboundRun.Settings settings = new OutboundRun.Settings(channels, asOf, maxActions, perChannel,
                    threads == null ? Runtime.getRuntime().availableProcessors() : threads, skipBad);
            try (OutboundStore store = needsStore ? openStore(url) : null) {
                Map<String, BigDecimal> usedBefore = Map.of();
                models = ModelSet.EMPTY;
                OutboundRun run = new OutboundRun(ruleSet, settings, Map.of());
                if (store != null) {
                    usedBefore = store.commits().used(run.constraints(), asOf);
                    // Ranked with what the service has learned, frozen for the run (and its commit) as it starts.
                    models = readModels(url, ruleSet);
                    run = new OutboundRun(ruleSet, settings, usedBefore, models);
                }
                PopulationSource source = openSource(url);
                ProgressDisplay display = new ProgressDisplay(progress, err, "outbound", "customers");
                OutboundRun.Result result;
                try {
                    result = run.run(source, observer(display));
                } catch (OutboundRun.NotOutbound e) {
                    display.finish(0);
                    throw new UserError("--channel " + e.getMessage().split(" ", 2)[0] + ": " + e.getMessage()
                            + "; see " + rulesDir.resolve("tables/channels.drl.csv"));
                }
                display.finish(result.customers() + result.badLines());
                if (result.stoppedAt() != null) {
                    throw new UserError("stopped at the first bad record: " + result.stoppedAt()
                            + " (nothing was written; --skip-bad leaves such records out)");
                }
                long lines = OutboundFiles.writeActions(result, out);
                OutboundSummary summary = OutboundSummary.of(source.name(), result, ruleSet.version(), null);
                if (commit) {
                    String id = runId != null ? runId : defaultRunId(ruleSet, source.name());
                    summary = summary.withCommitted(commit(store.commits(), ruleSet, run, result, source, id, err));
                }
                summary.print(stdout);
                stdout.println("actions to send: " + out + " (" + lines + " lines)");
                if (json != null) {
                    summary.writeJson(json);
                    stdout.println("JSON summary: " + json);
                }
                if (report != null) {
                    OutboundFiles.writeHtml(summary, report);
                    stdout.println("HTML report: " + report);
                }
                stdout.flush();
                return ExitCodes.OK;
            }
        }

        private static OutboundStore openStore(String url) {
            try {
                return OutboundStore.open(url);
            } catch (RuntimeException e) {
                throw new UserError(DatabaseUrl.redacted(url) + ": cannot open the store: " + rootMessage(e));
            }
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage() == null ? root.toString() : root.getMessage();
        }

        private RunObserver observer(ProgressDisplay display) {
            AtomicLong printed = new AtomicLong();
            return new RunObserver() {
                @Override
                public void badLine(BadLine line) {
                    long count = printed.incrementAndGet();
                    if (count <= BAD_LINES_PRINTED) {
                        display.message(line.toString());
                    } else if (count == BAD_LINES_PRINTED + 1) {
                        display.message("(more bad records: counted in the summary, not printed)");
                    }
                }

                @Override
                public void progress(long customers, long done, long total) {
                    display.update(customers, done, total);
                }
            };
        }

        private static RuleSet load(Path dir, PrintWriter err) {
            RuleSetLoad load = RuleSetLoader.load(dir);
            for (RuleProblem problem : load.problems()) {
                err.println(problem);
            }
            if (!load.ok()) {
                throw new UserError(load.errors().size() + " error(s): the rule set in " + dir + " does not compile");
            }
            return load.orElseThrow();
        }

        private PopulationSource openSource(String url) throws Exception {
            if (population.file != null) {
                try {
                    return new JsonLinesFile(population.file);
                } catch (NoSuchFileException e) {
                    throw new UserError(population.file + ": no such file");
                }
            }
            try {
                return new CustomerContextTable(url);
            } catch (SQLException e) {
                throw new UserError(DatabaseUrl.redacted(url) + ": cannot read customer_context: " + e.getMessage());
            }
        }

        /** The same rules, moment, channels and population make the same run. */
        private String defaultRunId(RuleSet ruleSet, String sourceName) throws Exception {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String identity = ruleSet.version() + '\n' + asOf + '\n' + channels.stream().distinct().sorted().toList()
                    + '\n' + sourceName + '\n' + perChannel;
            return "run-" + HexFormat.of().formatHex(sha.digest(identity.getBytes(StandardCharsets.UTF_8)), 0, 8);
        }

        /**
         * Reads the population again and records, for each customer with actions to send, one decision per channel
         * showing those actions, its contacts SENT; in batches, one transaction each. The decision is made again
         * (on the context as it is now, with the sends on the channels before it); an action it no longer shows is
         * not sent.
         */
        private OutboundSummary.Committed commit(OutboundCommits commits, RuleSet ruleSet, OutboundRun run,
                                                 OutboundRun.Result result, PopulationSource source, String id,
                                                 PrintWriter err) throws Exception {
            Map<String, List<OutboundRun.Result.Chosen>> toSend = new HashMap<>();
            for (int j : result.allocation().chosen()) {
                OutboundRun.Result.Chosen chosen = result.chosen(j);
                toSend.computeIfAbsent(chosen.customerId(), c -> new ArrayList<>(2)).add(chosen);
            }
            List<VolumeConstraint> constraints = run.constraints();
            long[] counts = new long[4];
            List<DecisionRow> batch = new ArrayList<>(COMMIT_BATCH);
            long[] changed = {0};
            source.read(line -> {
                if (toSend.isEmpty()) {
                    return false;
                }
                CustomerContext context = parse(line);
                if (context == null) {
                    return true;
                }
                List<OutboundRun.Result.Chosen> chosen = toSend.remove(context.customerId());
                if (chosen == null) {
                    return true;
                }
                // Channel after channel, each decision seeing the sends before it: the contact policy (one
                // retention offer in 30 days, say) holds for what is recorded, as it would for the service.
                CustomerContext seen = context;
                String seenJson = new String(line.json(), StandardCharsets.UTF_8);
                for (Channel channel : channels.stream().distinct().toList()) {
                    List<String> ids = chosen.stream().filter(c -> c.channel() == channel)
                            .map(OutboundRun.Result.Chosen::actionId).toList();
                    if (ids.isEmpty()) {
                        continue;
                    }
                    DecisionRow row = row(ruleSet, id, seen, seenJson, channel, ids, changed);
                    if (row != null) {
                        batch.add(row);
                        seen = seen.withContacts(row.contactsSent());
                        seenJson = ContextJson.write(seen);
                    }
                }
                if (batch.size() >= COMMIT_BATCH) {
                    flush(commits, batch, constraints, counts);
                }
                return true;
            });
            flush(commits, batch, constraints, counts);
            if (changed[0] > 0) {
                err.println(changed[0] + " action(s) not sent: the customer's decision no longer shows them (the"
                        + " context changed since the run, or a send on an earlier channel made the contact policy"
                        + " hold it back)");
            }
            return new OutboundSummary.Committed(id, counts[0], counts[1], counts[3], counts[2] + changed[0]);
        }

        private static CustomerContext parse(PopulationLine line) {
            try {
                return ContextJson.parse(line.json());
            } catch (RuntimeException e) {
                return null; // reported by the run already (a bad record never has actions to send)
            }
        }

        /** The store's propensity models, as last saved by the service. */
        private static ModelSet readModels(String url, RuleSet ruleSet) {
            try {
                return StoredModels.read(url, ruleSet.predictors());
            } catch (SQLException e) {
                throw new UserError(DatabaseUrl.redacted(url) + ": cannot read the propensity models: " + e.getMessage());
            }
        }

        private DecisionRow row(RuleSet ruleSet, String id, CustomerContext context, String contextJson,
                                Channel channel, List<String> actionIds, long[] changed) {
            String decisionId = "outbound:" + id + ":" + context.customerId() + ":" + channel;
            Decision full = ruleSet.decide(decisionId, new DecisionRequest(context, channel, asOf, maxActions,
                    models.outsideFor(ruleSet.predictors(), context.customerId(), channel)));
            List<Action> sent = full.actions().stream().filter(a -> actionIds.contains(a.actionId()))
                    .sorted(Comparator.comparingDouble(Action::priority).reversed()).toList();
            changed[0] += actionIds.size() - sent.size();
            if (sent.isEmpty()) {
                return null;
            }
            Decision decision = new Decision(decisionId, full.customerId(), channel, asOf, full.ruleSetVersion(),
                    full.variant(), full.outbound(), sent, full.suppressed(), full.storySoFar(), full.notShown(),
                    full.rulesFired(), full.features());
            List<ContactRecord> contacts = sent.stream().map(a -> new ContactRecord(decisionId, a.actionId(), a.type(),
                    channel, asOf, ContactOutcome.SENT, a.key(), a.title())).toList();
            try {
                return new DecisionRow(decisionId, context.customerId(), true, channel.name(), asOf,
                        ruleSet.version(), decision.variant().name(), maxActions,
                        contextJson, Json.mapper().writeValueAsBytes(decision),
                        contacts, null, DecisionFeatures.json(ruleSet, full, new DecisionRequest(context, channel, asOf, maxActions)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void flush(OutboundCommits commits, List<DecisionRow> batch, List<VolumeConstraint> constraints,
                                  long[] counts) {
            if (batch.isEmpty()) {
                return;
            }
            // Best first, so that if the service took room meanwhile, what is left out is what matters least.
            batch.sort(Comparator.comparingDouble((DecisionRow r) -> -priority(r)));
            OutboundCommits.Outcome outcome = commits.commit(List.copyOf(batch), constraints);
            counts[0] += outcome.written();
            counts[1] += outcome.alreadyCommitted();
            counts[2] += outcome.notSent();
            counts[3] += outcome.contacts();
            batch.clear();
        }

        private static double priority(DecisionRow row) {
            try {
                double sum = 0;
                for (var action : Json.mapper().readTree(row.answerJson()).path("actions")) {
                    sum += action.path("priority").asDouble();
                }
                return sum;
            } catch (java.io.IOException e) {
                return 0;
            }
        }
    }

    /** {@code --as-of}: ISO-8601 with an offset. */
    static final class Timestamp implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("\"" + text + "\" is not a timestamp with offset, like 2026-05-20T10:00:00Z");
            }
        }
    }
}
