package io.chorus.engine.scenario;

/** One expectation that failed (or a scenario file that cannot be read), at its line. */
public record ScenarioFailure(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + Math.max(line, 1) + ": " + message;
    }
}
