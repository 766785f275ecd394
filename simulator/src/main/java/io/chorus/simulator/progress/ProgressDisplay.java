package io.chorus.simulator.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Rate and time left for a long run. On a terminal, one line redrawn in place; elsewhere (CI logs, pipes) a plain
 * line every few seconds, because carriage returns make a log unreadable. Written here rather than taken from a
 * library: the bar is a few lines, and the same rate and ETA arithmetic serves both forms.
 * Thread-safe: messages printed from other threads clear the bar first and it is redrawn on the next update.
 */
public final class ProgressDisplay {
    private static final int WIDTH = 30;
    private static final long LINE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final ProgressMode mode;
    private final PrintWriter out;
    private final String task;
    private final String unit;
    private final long started = System.nanoTime();
    private long lastLine = started;
    private boolean barDrawn;

    public ProgressDisplay(ProgressMode mode, PrintWriter out, String task, String unit) {
        this.mode = mode.resolve();
        this.out = out;
        this.task = task;
        this.unit = unit;
    }

    /** {@code count} items so far; {@code done} of {@code total} units of work ({@code total} 0 when unknown). */
    public synchronized void update(long count, long done, long total) {
        long now = System.nanoTime();
        switch (mode) {
            case BAR -> {
                out.print('\r' + bar(count, done, total, now) + "\u001B[K");
                out.flush();
                barDrawn = true;
            }
            case LINES -> {
                if (now - lastLine >= LINE_EVERY_NANOS) {
                    lastLine = now;
                    out.println(task + ": " + summary(count, done, total, now));
                    out.flush();
                }
            }
            default -> {
            }
        }
    }

    /** Prints a message on its own line without garbling the bar. */
    public synchronized void message(String text) {
        if (barDrawn) {
            out.print("\r\u001B[K");
            barDrawn = false;
        }
        out.println(text);
        out.flush();
    }

    public synchronized void finish(long count) {
        long now = System.nanoTime();
        if (mode == ProgressMode.NONE) {
            return;
        }
        if (barDrawn) {
            out.print("\r\u001B[K");
            barDrawn = false;
        }
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        out.printf(Locale.ROOT, "%s: %,d %s in %.1f s (%,.0f/s)%n", task, count, unit, seconds, count / seconds);
        out.flush();
    }

    private String bar(long count, long done, long total, long now) {
        StringBuilder bar = new StringBuilder(task).append(" [");
        int filled = total > 0 ? (int) Math.min(WIDTH, WIDTH * done / total) : 0;
        bar.append("=".repeat(filled)).append(filled < WIDTH && total > 0 ? ">" : "")
                .append(" ".repeat(Math.max(0, WIDTH - filled - (filled < WIDTH && total > 0 ? 1 : 0)))).append("] ");
        return bar.append(summary(count, done, total, now)).toString();
    }

    String summary(long count, long done, long total, long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = count / seconds;
        StringBuilder text = new StringBuilder();
        if (total > 0) {
            text.append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, 100 * done / total)));
        }
        text.append(String.format(Locale.ROOT, "%,d %s, %,.0f/s", count, unit, rate));
        if (total > 0 && done > 0 && done < total) {
            long left = Math.round(seconds * (total - done) / done);
            text.append(String.format(Locale.ROOT, ", %d:%02d left", left / 60, left % 60));
        }
        return text.toString();
    }
}
