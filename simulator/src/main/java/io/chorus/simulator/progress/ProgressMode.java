package io.chorus.simulator.progress;

/** How progress is shown: a redrawn bar on a terminal, a plain line now and then in a log, or not at all. */
public enum ProgressMode {
    AUTO, BAR, LINES, NONE;

    /** AUTO is a bar when a person is watching (a console is attached), plain lines otherwise. */
    public ProgressMode resolve() {
        if (this != AUTO) {
            return this;
        }
        return System.console() != null ? BAR : LINES;
    }
}
