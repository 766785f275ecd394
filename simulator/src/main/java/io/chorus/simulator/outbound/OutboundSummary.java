package io.chorus.simulator.outbound;

import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.Channel;
import io.chorus.engine.json.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an outbound run reports, on the terminal and as {@code --json}: per constraint its limit, what the period
 * has used with the run's sends counted ({@code used}; {@code usedBefore} of it was used before the run) and the
 * customers it held back; the total priority kept, the upper bound (the linear relaxation's optimum) and the gap
 * between them; and, for comparison, what the plain greedy allocation (highest priority first) would keep.
 * {@code committed} is absent unless the run was committed to the store.
 */
public record OutboundSummary(String population, Instant asOf, List<Channel> channels, String ruleSetVersion,
                              long customers, long decisions, long badLines, long candidates, long actionsChosen,
                              long customersReached, double totalPriority, double upperBound, double gap,
                              double greedyPriority, List<ConstraintRow> constraints, double elapsedSeconds,
                              Committed committed) {

    public record ConstraintRow(String name, String period, LocalDate periodStart, BigDecimal limit, BigDecimal used,
                                BigDecimal usedBefore, long customersHeldBack) {
    }

    /** What {@code --commit} stored: the run's id, decisions written now, and those a previous commit wrote. */
    public record Committed(String runId, long decisionsWritten, long alreadyCommitted, long contactsSent,
                            long notSent) {
    }

    public static OutboundSummary of(String population, OutboundRun.Result result, String ruleSetVersion,
                                     Committed committed) {
        List<ConstraintRow> rows = new ArrayList<>();
        List<VolumeConstraint> constraints = result.run().constraints();
        for (int c = 0; c < constraints.size(); c++) {
            VolumeConstraint constraint = constraints.get(c);
            BigDecimal before = result.usedBefore(c);
            rows.add(new ConstraintRow(constraint.name(), constraint.period().name(), result.run().periodStart(constraint),
                    constraint.capacity(), before.add(result.usedByRun(c)), before, result.customersHeldBack(c)));
        }
        Allocation a = result.allocation();
        return new OutboundSummary(population, result.settings().asOf(), result.settings().channels(), ruleSetVersion,
                result.customers(), result.problem().items(), result.badLines(), result.problem().candidates(),
                a.chosen().length, result.customersReached(), round(a.totalPriority()), round(a.upperBound()),
                Math.round(a.gap() * 1e8) / 1e8, round(result.greedy().totalPriority()), List.copyOf(rows),
                result.elapsedSeconds(), committed);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    public OutboundSummary withCommitted(Committed stored) {
        return new OutboundSummary(population, asOf, channels, ruleSetVersion, customers, decisions, badLines,
                candidates, actionsChosen, customersReached, totalPriority, upperBound, gap, greedyPriority,
                constraints, elapsedSeconds, stored);
    }

    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "%,d customers, %,d decisions on %s, %,d bad records, %.1f s%n", customers, decisions,
                channels, badLines, elapsedSeconds);
        out.printf(Locale.ROOT, "%,d actions to send to %,d customers (of %,d candidates)%n", actionsChosen,
                customersReached, candidates);
        out.printf(Locale.ROOT, "total priority %.4f, upper bound %.4f, gap %.4f%% (greedy: %.4f)%n", totalPriority,
                upperBound, gap * 100, greedyPriority);
        if (!constraints.isEmpty()) {
            out.printf(Locale.ROOT, "%-32s %-6s %-11s %14s %14s %14s%n", "constraint", "period", "from", "limit",
                    "used", "held back");
            for (ConstraintRow row : constraints) {
                out.printf(Locale.ROOT, "%-32s %-6s %-11s %14s %14s %,14d%n", row.name(), row.period(),
                        row.periodStart(), row.limit().toPlainString(), row.used().toPlainString(),
                        row.customersHeldBack());
            }
        }
        if (committed != null) {
            out.printf(Locale.ROOT, "committed run %s: %,d decisions written, %,d already committed, %,d contacts SENT,"
                            + " %,d not sent (room taken meanwhile)%n", committed.runId(), committed.decisionsWritten(),
                    committed.alreadyCommitted(), committed.contactsSent(), committed.notSent());
        }
        out.flush();
    }
}
