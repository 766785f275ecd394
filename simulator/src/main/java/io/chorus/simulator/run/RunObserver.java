package io.chorus.simulator.run;

import io.chorus.simulator.report.SimulationReport.BadLine;

/** Hears about a run while it happens: the command prints bad lines at once and draws the progress bar. */
public interface RunObserver {
    /** Called from worker threads, possibly at the same time. */
    void badLine(BadLine line);

    /** Called from the reading thread a few times a second: customers done, and work done out of the total. */
    void progress(long customers, long done, long total);

    RunObserver SILENT = new RunObserver() {
        @Override
        public void badLine(BadLine line) {
        }

        @Override
        public void progress(long customers, long done, long total) {
        }
    };
}
