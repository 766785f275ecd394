package io.chorus.simulator.outbound;

import com.fasterxml.jackson.core.JsonGenerator;
import io.chorus.engine.json.Json;
import io.chorus.simulator.outbound.OutboundSummary.ConstraintRow;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The files an outbound run writes: the actions to send (JSON Lines) and a self-contained HTML summary. */
public final class OutboundFiles {
    private OutboundFiles() {
    }

    /**
     * One line per action to send, in population order: {@code {"customerId", "channel", "actionId", "type", "key",
     * "priority"}}. Answers the number of lines.
     */
    public static long writeActions(OutboundRun.Result result, Path file) throws IOException {
        createParent(file);
        long lines = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int j : result.allocation().chosen()) {
                OutboundRun.Result.Chosen chosen = result.chosen(j);
                try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
                    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    json.writeStartObject();
                    json.writeStringField("customerId", chosen.customerId());
                    json.writeStringField("channel", chosen.channel().name());
                    json.writeStringField("actionId", chosen.actionId());
                    json.writeStringField("type", chosen.type().name());
                    json.writeStringField("key", chosen.key());
                    json.writeNumberField("priority", chosen.priority());
                    json.writeEndObject();
                }
                out.write('\n');
                lines++;
            }
        }
        return lines;
    }

    public static void writeHtml(OutboundSummary summary, Path file) throws IOException {
        createParent(file);
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>Outbound run ").append(esc(String.valueOf(summary.asOf()))).append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}")
                .append(".bar{background:#e6eef7;width:240px;height:12px;position:relative}")
                .append(".bar span{position:absolute;left:0;top:0;bottom:0;background:#3b73b9}")
                .append("</style></head><body>\n<h1>Outbound run</h1>\n<p>")
                .append(esc(summary.population())).append(", as of ").append(esc(String.valueOf(summary.asOf())))
                .append(", channels ").append(esc(String.valueOf(summary.channels()))).append(", rules ")
                .append(esc(summary.ruleSetVersion())).append("</p>\n<table>")
                .append(row("customers", String.format(Locale.ROOT, "%,d", summary.customers())))
                .append(row("decisions", String.format(Locale.ROOT, "%,d", summary.decisions())))
                .append(row("bad records", String.format(Locale.ROOT, "%,d", summary.badLines())))
                .append(row("candidate actions", String.format(Locale.ROOT, "%,d", summary.candidates())))
                .append(row("actions to send", String.format(Locale.ROOT, "%,d", summary.actionsChosen())))
                .append(row("customers reached", String.format(Locale.ROOT, "%,d", summary.customersReached())))
                .append(row("total priority kept", String.format(Locale.ROOT, "%.4f", summary.totalPriority())))
                .append(row("upper bound (linear relaxation)", String.format(Locale.ROOT, "%.4f", summary.upperBound())))
                .append(row("gap", String.format(Locale.ROOT, "%.4f%%", summary.gap() * 100)))
                .append(row("greedy, highest priority first", String.format(Locale.ROOT, "%.4f", summary.greedyPriority())))
                .append("</table>\n<h2>Volume constraints</h2>\n");
        if (summary.constraints().isEmpty()) {
            html.append("<p>No volume constraint counts actions on these channels.</p>\n");
        } else {
            html.append("<table><tr><th>constraint</th><th>period</th><th>from</th><th>limit</th><th>used</th>")
                    .append("<th></th><th>used before the run</th><th>customers held back</th></tr>\n");
            for (ConstraintRow c : summary.constraints()) {
                double share = c.limit().signum() == 0 ? 0
                        : c.used().divide(c.limit(), MathContext.DECIMAL64).min(BigDecimal.ONE).doubleValue();
                html.append("<tr><td>").append(esc(c.name())).append("</td><td>").append(c.period())
                        .append("</td><td>").append(c.periodStart()).append("</td><td class=\"n\">")
                        .append(c.limit().toPlainString()).append("</td><td class=\"n\">")
                        .append(c.used().toPlainString()).append("</td><td><div class=\"bar\"><span style=\"width:")
                        .append(String.format(Locale.ROOT, "%.1f", share * 100)).append("%\"></span></div></td>")
                        .append("<td class=\"n\">").append(c.usedBefore().toPlainString()).append("</td><td class=\"n\">")
                        .append(String.format(Locale.ROOT, "%,d", c.customersHeldBack())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (summary.committed() != null) {
            OutboundSummary.Committed c = summary.committed();
            html.append("<h2>Committed</h2>\n<p>Run ").append(esc(c.runId())).append(": ")
                    .append(String.format(Locale.ROOT, "%,d decisions written, %,d already committed, %,d contacts"
                                    + " recorded as SENT, %,d not sent.", c.decisionsWritten(), c.alreadyCommitted(),
                            c.contactsSent(), c.notSent())).append("</p>\n");
        }
        html.append("</body></html>\n");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(html.toString());
        }
    }

    private static String row(String label, String value) {
        return "<tr><th>" + esc(label) + "</th><td class=\"n\">" + esc(value) + "</td></tr>\n";
    }

    private static String esc(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
