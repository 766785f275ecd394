package io.chorus.simulator.report;

import io.chorus.simulator.report.SimulationReport.ActionBrief;
import io.chorus.simulator.report.SimulationReport.ActionChangeRow;
import io.chorus.simulator.report.SimulationReport.ActionRow;
import io.chorus.simulator.report.SimulationReport.ChangedCustomer;
import io.chorus.simulator.report.SimulationReport.Changes;
import io.chorus.simulator.report.SimulationReport.CreditChangeRow;
import io.chorus.simulator.report.SimulationReport.NoActionRow;
import io.chorus.simulator.report.SimulationReport.NoActionSample;
import io.chorus.simulator.report.SimulationReport.Outcomes;
import io.chorus.simulator.report.SimulationReport.SuppressionChangeRow;
import io.chorus.simulator.report.SimulationReport.SuppressionRow;
import io.chorus.simulator.report.SimulationReport.TypeRow;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** The report as readable tables on the terminal. */
public final class TerminalReport {
    private static final int CHANGED_CUSTOMERS_SHOWN = 5;

    private TerminalReport() {
    }

    public static void print(SimulationReport report, PrintWriter out) {
        out.println("Population " + report.population() + ", as of " + report.asOf() + ", channels "
                + report.channels().stream().map(Enum::name).collect(Collectors.joining(", ")));
        out.println("Candidate rules " + report.candidateRules().directory() + " (" + report.candidateRules().version() + ")");
        if (report.baselineRules() != null) {
            out.println("Baseline rules  " + report.baselineRules().directory() + " (" + report.baselineRules().version() + ")");
        }
        out.println(Format.cell(report.customers()) + " customers, " + Format.cell(report.decisions()) + " decisions, "
                + Format.cell(report.badLines()) + " bad lines, in " + report.elapsedSeconds() + " s");
        outcomes(report.baseline() == null ? "Candidate" : "Candidate (with the rules under test)", report.candidate(), out);
        if (report.constraints() != null) {
            constraints(report.constraints(), out);
        }
        if (report.valueFinder() != null) {
            valueFinder(report.valueFinder(), report.baseline() != null, out);
        }
        if (report.changes() != null) {
            changes(report.changes(), out);
        }
        out.flush();
    }

    private static void outcomes(String title, Outcomes outcomes, PrintWriter out) {
        section(out, title + ": customers shown each type of action");
        TextTable types = new TextTable("CHANNEL", "TYPE", "CUSTOMERS", "CREDITS");
        for (TypeRow row : outcomes.byType()) {
            types.row(row.channel(), row.type(), row.customers(), row.credits());
        }
        print(types, out);

        section(out, title + ": customers shown each action");
        TextTable actions = new TextTable("CHANNEL", "TYPE", "ACTION KEY", "CUSTOMERS", "CREDITS");
        for (ActionRow row : outcomes.byAction()) {
            actions.row(row.channel(), row.type(), row.key(), row.customers(), row.credits());
        }
        print(actions, out);

        section(out, title + ": suppressions by blocking rule");
        TextTable blocks = new TextTable("CHANNEL", "BLOCKED BY", "TYPE", "SUPPRESSIONS", "CUSTOMERS");
        for (SuppressionRow row : outcomes.suppressions()) {
            blocks.row(row.channel(), row.blockedBy(), row.type(), row.suppressions(), row.customers());
        }
        print(blocks, out);

        section(out, title + ": customers left with no action");
        TextTable empty = new TextTable("CHANNEL", "SEGMENT", "CUSTOMERS");
        for (NoActionRow row : outcomes.noAction()) {
            empty.row(row.channel(), row.segment(), row.customers());
        }
        print(empty, out);
        for (NoActionSample sample : outcomes.noActionSamples()) {
            out.println("  e.g. on " + sample.channel() + ": " + String.join(", ", sample.customerIds()));
        }
    }

    private static void constraints(SimulationReport.ConstraintReach reach, PrintWriter out) {
        section(out, "Volume constraints: customers reached " + Format.cell(reach.customersReachedWithout())
                + " without the limits, " + Format.cell(reach.customersReachedWith()) + " within them");
        TextTable table = new TextTable("CONSTRAINT", "PERIOD", "LIMIT", "DEMAND", "USED", "HELD BACK");
        for (SimulationReport.ConstraintReachRow row : reach.constraints()) {
            table.row(row.name(), row.period(), row.limit().toPlainString(), row.demand().toPlainString(),
                    row.used().toPlainString(), row.customersHeldBack());
        }
        print(table, out);
    }

    private static void valueFinder(SimulationReport.ValueFinder finder, boolean withBaseline, PrintWriter out) {
        section(out, "Value finder: customers left without a worthwhile action (nothing shown, or only actions with a"
                + " propensity under " + Format.threshold(finder.threshold()) + ")");
        TextTable gaps = withBaseline
                ? new TextTable("CHANNEL", "SEGMENT", "CUSTOMERS", "NO ACTION", "LOW PROPENSITY", "BASELINE NO ACTION",
                        "BASELINE LOW")
                : new TextTable("CHANNEL", "SEGMENT", "CUSTOMERS", "NO ACTION", "LOW PROPENSITY");
        for (SimulationReport.ValueGapRow row : finder.gaps()) {
            if (withBaseline) {
                gaps.row(row.channel(), row.segment(), row.customers(), row.noAction(), row.lowPropensity(),
                        row.baselineNoAction(), row.baselineLowPropensity());
            } else {
                gaps.row(row.channel(), row.segment(), row.customers(), row.noAction(), row.lowPropensity());
            }
        }
        print(gaps, out);
        section(out, "Value finder: what blocked those customers' candidates, most frequent first");
        TextTable blocks = new TextTable("CHANNEL", "BLOCKED BY", "TYPE", "SUPPRESSIONS", "CUSTOMERS");
        for (SimulationReport.ValueBlockRow row : finder.blockedBy()) {
            blocks.row(row.channel(), row.blockedBy(), row.type(), row.suppressions(), row.customers());
        }
        print(blocks, out);
    }

    private static void changes(Changes changes, PrintWriter out) {
        section(out, "Changes from the baseline: " + Format.cell(changes.customersChanged()) + " customers changed");
        TextTable actions = new TextTable("CHANNEL", "TYPE", "ACTION KEY", "GAINED", "LOST");
        for (ActionChangeRow row : changes.actions()) {
            actions.row(row.channel(), row.type(), row.key(), row.gained(), row.lost());
        }
        print(actions, out);

        section(out, "Credits shown, candidate against baseline");
        TextTable credits = new TextTable("CHANNEL", "ADDED", "REMOVED", "NET");
        for (CreditChangeRow row : changes.credits()) {
            credits.row(row.channel(), row.added(), row.removed(), row.net());
        }
        print(credits, out);

        suppressionChanges(out, "New suppressions", changes.newSuppressions());
        suppressionChanges(out, "Suppressions lifted", changes.liftedSuppressions());

        List<ChangedCustomer> samples = changes.samples();
        if (!samples.isEmpty()) {
            section(out, "Changed customers (first " + Math.min(CHANGED_CUSTOMERS_SHOWN, samples.size()) + " of the sample)");
            samples.stream().limit(CHANGED_CUSTOMERS_SHOWN).forEach(c -> {
                out.println("  " + c.customerId() + " on " + c.channel());
                out.println("    before: " + briefs(c.before()));
                out.println("    after:  " + briefs(c.after()));
            });
        }
    }

    private static void suppressionChanges(PrintWriter out, String title, List<SuppressionChangeRow> rows) {
        section(out, title);
        TextTable table = new TextTable("CHANNEL", "BLOCKED BY", "TYPE", "CUSTOMERS");
        for (SuppressionChangeRow row : rows) {
            table.row(row.channel(), row.blockedBy(), row.type(), row.customers());
        }
        print(table, out);
    }

    static String briefs(List<ActionBrief> actions) {
        if (actions.isEmpty()) {
            return "(nothing)";
        }
        return actions.stream()
                .map(a -> a.type() + " " + a.key() + (a.amount() == null ? "" : " " + Format.money(a.amount())))
                .collect(Collectors.joining("; "));
    }

    private static void section(PrintWriter out, String title) {
        out.println();
        out.println(title);
    }

    private static void print(TextTable table, PrintWriter out) {
        if (table.isEmpty()) {
            out.println("  (none)");
        } else {
            table.print(out, "  ");
        }
    }
}
