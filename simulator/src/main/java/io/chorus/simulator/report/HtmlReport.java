package io.chorus.simulator.report;

import io.chorus.engine.context.Channel;
import io.chorus.simulator.report.SimulationReport.ActionChangeRow;
import io.chorus.simulator.report.SimulationReport.ChangedCustomer;
import io.chorus.simulator.report.SimulationReport.Changes;
import io.chorus.simulator.report.SimulationReport.CreditChangeRow;
import io.chorus.simulator.report.SimulationReport.NoActionSample;
import io.chorus.simulator.report.SimulationReport.Outcomes;
import io.chorus.simulator.report.SimulationReport.SuppressionChangeRow;
import io.chorus.simulator.report.SimulationReport.TypeRow;
import io.chorus.simulator.report.SimulationReport.ValueFinder;
import io.chorus.simulator.report.SimulationReport.ValueGapRow;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report for a person: one HTML file with its charts drawn as inline SVG and its styles inline, so it opens
 * anywhere, offline, and can be mailed around. A content security policy forbids every network fetch. A few lines
 * of script only check, once the page is laid out, that every chart has bars of non-zero size, and record the
 * count on {@code <body data-charts-drawn>} so a headless browser can confirm the charts were drawn.
 */
public final class HtmlReport {
    private static final int LABEL_WIDTH = 400;
    private static final int BAR_AREA = 400;
    private static final int VALUE_WIDTH = 110;
    private static final int ROW_HEIGHT = 22;
    private static final int MAX_BARS = 25;

    private final StringBuilder html = new StringBuilder(64 * 1024);
    private int charts;
    private boolean manyChannels;

    private HtmlReport() {
    }

    public static void write(SimulationReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(render(report));
        }
    }

    public static String render(SimulationReport report) {
        HtmlReport page = new HtmlReport();
        page.page(report);
        return page.html.toString();
    }

    private void page(SimulationReport report) {
        manyChannels = report.channels().size() > 1;
        html.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Chorus what-if: """).append(esc(report.population())).append("""
                </title>
                <style>
                body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1000px;color:#1d2330;padding:0 1rem}
                h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #d8dce6;padding-bottom:.2rem}
                h3{font-size:1rem;margin-top:1.4rem}
                .meta{color:#5b6475}.figures{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
                .figure{background:#f3f5f9;border-radius:6px;padding:.6rem 1rem;min-width:8rem}.figure b{display:block;font-size:1.4rem}
                table{border-collapse:collapse;margin:.6rem 0;width:100%}th,td{padding:.25rem .5rem;border-bottom:1px solid #eceef3;text-align:left;vertical-align:top}
                td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{font-weight:600;color:#5b6475}
                svg.chart{display:block;margin:.5rem 0}svg text{font:12px system-ui,sans-serif;fill:#1d2330}
                .candidate{fill:#3867d6}.baseline{fill:#a5b1c2}.gained{fill:#20bf6b}.lost{fill:#eb3b5a}.blocked{fill:#fa8231}.empty{fill:#8854d0}.low{fill:#f7b731}
                .legend span{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin:0 .3rem 0 1rem;vertical-align:middle}
                code{background:#f3f5f9;padding:0 .25rem;border-radius:3px}
                </style></head><body>
                """);
        html.append("<h1>What-if run over ").append(esc(report.population())).append("</h1>\n");
        html.append("<p class=\"meta\">As of ").append(esc(String.valueOf(report.asOf()))).append("; channels ")
                .append(esc(report.channels().stream().map(Enum::name).collect(Collectors.joining(", "))))
                .append("<br>Candidate rules <code>").append(esc(report.candidateRules().directory()))
                .append("</code> ").append(esc(report.candidateRules().version()));
        if (report.baselineRules() != null) {
            html.append("<br>Baseline rules <code>").append(esc(report.baselineRules().directory()))
                    .append("</code> ").append(esc(report.baselineRules().version()));
        }
        html.append("</p>\n<div class=\"figures\">");
        figure("customers", Format.cell(report.customers()));
        figure("decisions", Format.cell(report.decisions()));
        figure("bad records", Format.cell(report.badLines()));
        if (report.changes() != null) {
            figure("customers changed", Format.cell(report.changes().customersChanged()));
        }
        figure("seconds", String.format(Locale.ROOT, "%.1f", report.elapsedSeconds()));
        html.append("</div>\n");

        if (report.changes() != null) {
            changes(report.changes());
        }
        outcomes(report.baseline() == null ? "What the rules show" : "What the candidate rules show",
                report.candidate(), report.baseline());
        if (report.constraints() != null) {
            SimulationReport.ConstraintReach reach = report.constraints();
            html.append("<h2>Volume constraints</h2>\n<p>Taking the population as one period, the constraints' limits"
                    + " leave ").append(Format.cell(reach.customersReachedWith())).append(" of the ")
                    .append(Format.cell(reach.customersReachedWithout()))
                    .append(" customers these rules reach with an action (the actions they count are allocated under"
                            + " the limits to keep the most priority).</p>\n<table><tr><th>Constraint</th><th>Period</th>"
                            + "<th class=\"n\">Limit</th><th class=\"n\">Demand</th><th class=\"n\">Used</th>"
                            + "<th class=\"n\">Customers held back</th></tr>\n");
            for (SimulationReport.ConstraintReachRow row : reach.constraints()) {
                html.append("<tr><td><code>").append(esc(row.name())).append("</code></td><td>").append(row.period())
                        .append("</td><td class=\"n\">").append(row.limit().toPlainString())
                        .append("</td><td class=\"n\">").append(row.demand().toPlainString())
                        .append("</td><td class=\"n\">").append(row.used().toPlainString())
                        .append("</td><td class=\"n\">").append(Format.cell(row.customersHeldBack()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (report.valueFinder() != null) {
            valueFinder(report.valueFinder(), report.baseline() != null);
        }
        if (!report.badLineSamples().isEmpty()) {
            html.append("<h2>Bad records</h2>\n<p>").append(Format.cell(report.badLines()))
                    .append(" records could not be used; the first ones:</p>\n<table><tr><th>Where</th><th>Problem</th></tr>\n");
            report.badLineSamples().forEach(b -> html.append("<tr><td><code>").append(esc(b.location()))
                    .append("</code></td><td>").append(esc(b.message())).append("</td></tr>\n"));
            html.append("</table>\n");
        }
        html.append("""
                <script>
                // Confirms the charts were laid out with visible bars; a headless browser reads the result.
                window.addEventListener('load', function () {
                  var drawn = 0, bars = 0;
                  document.querySelectorAll('svg.chart').forEach(function (chart) {
                    var visible = Array.prototype.filter.call(chart.querySelectorAll('rect.bar'), function (r) {
                      var box = r.getBBox(); return box.width > 0 && box.height > 0;
                    }).length;
                    bars += visible;
                    if (visible > 0 && chart.getBoundingClientRect().width > 0) { drawn++; }
                  });
                  document.body.setAttribute('data-charts', String(document.querySelectorAll('svg.chart').length));
                  document.body.setAttribute('data-charts-drawn', String(drawn));
                  document.body.setAttribute('data-bars-drawn', String(bars));
                });
                </script>
                </body></html>
                """);
    }

    /** Chart labels name the channel only when the run had several. */
    private String on(Channel channel) {
        return manyChannels ? channel + " · " : "";
    }

    private void figure(String label, String value) {
        html.append("<div class=\"figure\"><b>").append(esc(value)).append("</b>").append(esc(label)).append("</div>");
    }

    private void outcomes(String title, Outcomes candidate, Outcomes baseline) {
        html.append("<h2>").append(esc(title)).append("</h2>\n");
        html.append("<h3>Customers shown each type of action</h3>\n");
        List<Bar> bars = new ArrayList<>();
        for (TypeRow row : candidate.byType()) {
            bars.add(new Bar(on(row.channel()) + row.type(), row.customers(), "candidate", Format.cell(row.customers())));
            if (baseline != null) {
                long before = baseline.byType().stream()
                        .filter(b -> b.channel() == row.channel() && b.type() == row.type())
                        .mapToLong(TypeRow::customers).sum();
                bars.add(new Bar("baseline", before, "baseline", Format.cell(before)));
            }
        }
        if (baseline != null) {
            legend("candidate", "candidate", "baseline", "baseline");
        }
        chart(bars);
        table(List.of("Channel", "Type", "Customers", "Credits"), candidate.byType().stream()
                .map(r -> List.<Object>of(r.channel(), r.type(), r.customers(), r.credits())).toList());

        html.append("<h3>Credit shown, by channel</h3>\n");
        chart(candidate.byType().stream().filter(r -> r.credits().signum() > 0)
                .map(r -> new Bar(r.channel().name(), r.credits().doubleValue(), "candidate", Format.money(r.credits())))
                .toList());

        html.append("<h3>Customers shown each action</h3>\n");
        table(List.of("Channel", "Type", "Action key", "Customers", "Credits"), candidate.byAction().stream()
                .map(r -> List.<Object>of(r.channel(), r.type(), r.key(), r.customers(), r.credits())).toList());

        html.append("<h3>Suppressions by blocking rule</h3>\n");
        chart(candidate.suppressions().stream()
                .map(r -> new Bar(on(r.channel()) + r.blockedBy() + " · " + r.type(), r.suppressions(), "blocked",
                        Format.cell(r.suppressions())))
                .toList());
        table(List.of("Channel", "Blocked by", "Type", "Suppressions", "Customers"), candidate.suppressions().stream()
                .map(r -> List.<Object>of(r.channel(), r.blockedBy(), r.type(), r.suppressions(), r.customers())).toList());

        html.append("<h3>Customers left with no action</h3>\n");
        chart(candidate.noAction().stream()
                .map(r -> new Bar(on(r.channel()) + r.segment(), r.customers(), "empty", Format.cell(r.customers())))
                .toList());
        table(List.of("Channel", "Segment", "Customers"), candidate.noAction().stream()
                .map(r -> List.<Object>of(r.channel(), r.segment(), r.customers())).toList());
        for (NoActionSample sample : candidate.noActionSamples()) {
            html.append("<p class=\"meta\">For example, on ").append(esc(sample.channel().name())).append(": ")
                    .append(esc(String.join(", ", sample.customerIds()))).append("</p>\n");
        }
    }

    private void valueFinder(ValueFinder finder, boolean withBaseline) {
        html.append("<h2>Value finder</h2>\n<p>Customers these rules leave without a worthwhile action: shown nothing"
                + " (fallbacks aside), or shown only actions with a propensity under ")
                .append(esc(Format.threshold(finder.threshold())))
                .append(withBaseline ? "; the baseline's counts beside the candidate's." : ".").append("</p>\n");
        legend("empty", "no action", "low", "only low-propensity actions");
        List<Bar> bars = new ArrayList<>();
        for (ValueGapRow row : finder.gaps()) {
            if (row.noAction() + row.lowPropensity() == 0) {
                continue;
            }
            bars.add(new Bar(on(row.channel()) + row.segment(), row.noAction(), "empty", Format.cell(row.noAction())));
            bars.add(new Bar("", row.lowPropensity(), "low", Format.cell(row.lowPropensity())));
        }
        chart(bars);
        List<String> headings = new ArrayList<>(List.of("Channel", "Segment", "Customers", "No action",
                "Low propensity"));
        if (withBaseline) {
            headings.addAll(List.of("Baseline: no action", "Baseline: low propensity"));
        }
        table(headings, finder.gaps().stream().map(r -> {
            List<Object> cells = new ArrayList<>(List.of(r.channel(), r.segment(), r.customers(), r.noAction(),
                    r.lowPropensity()));
            if (withBaseline) {
                cells.add(r.baselineNoAction());
                cells.add(r.baselineLowPropensity());
            }
            return cells;
        }).toList());
        html.append("<h3>What blocked their candidates</h3>\n");
        table(List.of("Channel", "Blocked by", "Type", "Suppressions", "Customers"), finder.blockedBy().stream()
                .map(r -> List.<Object>of(r.channel(), r.blockedBy(), r.type(), r.suppressions(), r.customers()))
                .toList());
    }

    private void changes(Changes changes) {
        html.append("<h2>What changes against the baseline</h2>\n");
        html.append("<h3>Customers gaining and losing each action</h3>\n");
        legend("gained", "gained", "lost", "lost");
        List<Bar> bars = new ArrayList<>();
        for (ActionChangeRow row : changes.actions()) {
            // One bar per direction that happened; the first carries the label.
            String label = on(row.channel()) + row.type() + " " + row.key();
            if (row.gained() > 0) {
                bars.add(new Bar(label, row.gained(), "gained", "+" + Format.cell(row.gained())));
            }
            if (row.lost() > 0) {
                bars.add(new Bar(row.gained() > 0 ? "" : label, row.lost(), "lost", "−" + Format.cell(row.lost())));
            }
        }
        chart(bars);
        table(List.of("Channel", "Type", "Action key", "Gained", "Lost"), changes.actions().stream()
                .map(r -> List.<Object>of(r.channel(), r.type(), r.key(), r.gained(), r.lost())).toList());

        html.append("<h3>Credit shown, candidate against baseline</h3>\n");
        List<Bar> money = new ArrayList<>();
        for (CreditChangeRow row : changes.credits()) {
            money.add(new Bar(on(row.channel()) + "added", row.added().doubleValue(), "gained", Format.money(row.added())));
            money.add(new Bar(on(row.channel()) + "removed", row.removed().doubleValue(), "lost", Format.money(row.removed())));
        }
        chart(money);
        table(List.of("Channel", "Added", "Removed", "Net"), changes.credits().stream()
                .map(r -> List.<Object>of(r.channel(), r.added(), r.removed(), r.net())).toList());

        html.append("<h3>New suppressions</h3>\n");
        suppressionTable(changes.newSuppressions());
        html.append("<h3>Suppressions lifted</h3>\n");
        suppressionTable(changes.liftedSuppressions());

        html.append("<h3>Changed customers, before and after</h3>\n");
        if (changes.samples().isEmpty()) {
            html.append("<p class=\"meta\">None.</p>\n");
            return;
        }
        html.append("<table><tr><th>Customer</th><th>Channel</th><th>Before</th><th>After</th></tr>\n");
        for (ChangedCustomer c : changes.samples()) {
            html.append("<tr><td>").append(esc(c.customerId())).append("</td><td>").append(esc(c.channel().name()))
                    .append("</td><td>").append(esc(TerminalReport.briefs(c.before())))
                    .append(suppressedNote(c.suppressedBefore())).append("</td><td>")
                    .append(esc(TerminalReport.briefs(c.after()))).append(suppressedNote(c.suppressedAfter()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String suppressedNote(List<SimulationReport.SuppressedBrief> suppressed) {
        if (suppressed.isEmpty()) {
            return "";
        }
        return "<br><span class=\"meta\">suppressed: " + esc(suppressed.stream()
                .map(s -> s.type() + " " + s.key() + " (" + s.blockedBy() + ")")
                .collect(Collectors.joining("; "))) + "</span>";
    }

    private void suppressionTable(List<SuppressionChangeRow> rows) {
        table(List.of("Channel", "Blocked by", "Type", "Customers"), rows.stream()
                .map(r -> List.<Object>of(r.channel(), r.blockedBy(), r.type(), r.customers())).toList());
    }

    private void legend(String firstClass, String first, String secondClass, String second) {
        html.append("<p class=\"legend\"><span class=\"").append(firstClass).append("\" style=\"background:")
                .append(colour(firstClass)).append("\"></span>").append(esc(first))
                .append("<span style=\"background:").append(colour(secondClass)).append("\"></span>")
                .append(esc(second)).append("</p>\n");
    }

    private static String colour(String cssClass) {
        return switch (cssClass) {
            case "candidate" -> "#3867d6";
            case "baseline" -> "#a5b1c2";
            case "gained" -> "#20bf6b";
            case "lost" -> "#eb3b5a";
            case "empty" -> "#8854d0";
            case "low" -> "#f7b731";
            default -> "#fa8231";
        };
    }

    /** One bar of a horizontal bar chart; an empty label continues the group above it. */
    private record Bar(String label, double value, String cssClass, String text) {
    }

    private void chart(List<Bar> all) {
        if (all.isEmpty()) {
            html.append("<p class=\"meta\">Nothing to chart.</p>\n");
            return;
        }
        List<Bar> bars = all.size() > MAX_BARS * 2 ? all.subList(0, MAX_BARS * 2) : all;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        int width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH;
        int height = bars.size() * ROW_HEIGHT + 4;
        charts++;
        html.append("<svg class=\"chart\" id=\"chart-").append(charts).append("\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = i * ROW_HEIGHT + 2;
            // A bar for a value above zero is at least one pixel wide, so small counts stay visible.
            double length = max <= 0 || bar.value() <= 0 ? 0 : Math.max(1, BAR_AREA * bar.value() / max);
            html.append("<text x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\">").append(esc(shorten(bar.label()))).append("</text>")
                    .append("<rect class=\"bar ").append(bar.cssClass()).append("\" x=\"").append(LABEL_WIDTH)
                    .append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", length)).append("\" height=\"").append(ROW_HEIGHT - 6)
                    .append("\"><title>").append(esc(bar.label().isEmpty() ? bar.text() : bar.label() + ": " + bar.text()))
                    .append("</title></rect>")
                    .append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", LABEL_WIDTH + length + 6))
                    .append("\" y=\"").append(y + 15).append("\">").append(esc(bar.text())).append("</text>\n");
        }
        html.append("</svg>\n");
    }

    private static String shorten(String label) {
        return label.length() <= 60 ? label : label.substring(0, 59) + "…";
    }

    private void table(List<String> headings, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            html.append("<p class=\"meta\">None.</p>\n");
            return;
        }
        html.append("<table><tr>");
        List<Object> first = rows.get(0);
        for (int i = 0; i < headings.size(); i++) {
            html.append(numeric(first.get(i)) ? "<th class=\"n\">" : "<th>").append(esc(headings.get(i))).append("</th>");
        }
        html.append("</tr>\n");
        for (List<Object> row : rows) {
            html.append("<tr>");
            for (Object cell : row) {
                html.append(numeric(cell) ? "<td class=\"n\">" : "<td>").append(esc(Format.cell(cell))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static boolean numeric(Object cell) {
        return cell instanceof Number || cell instanceof BigDecimal;
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
