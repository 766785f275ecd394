package io.chorus.simulator.cli;

/** The launcher's exit codes (io.chorus.cli.Chorus documents them): 0 ok, 1 input or rules wrong, 2 usage. */
final class ExitCode {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ExitCode() {
    }
}
