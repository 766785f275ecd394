package io.chorus.engine.scenario;

/** A scenario file that cannot be read or understood, with the line at fault. */
public class ScenarioException extends RuntimeException {
    private final ScenarioFailure failure;

    public ScenarioException(ScenarioFailure failure) {
        super(failure.toString());
        this.failure = failure;
    }

    public ScenarioFailure failure() {
        return failure;
    }
}
