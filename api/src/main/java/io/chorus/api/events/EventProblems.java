package io.chorus.api.events;

import io.chorus.engine.json.FieldProblem;

import java.util.List;

/** An event that does not fit: each problem names a field of the event. */
final class EventProblems extends RuntimeException {
    private final List<FieldProblem> problems;

    EventProblems(List<FieldProblem> problems) {
        super(problems.toString(), null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<FieldProblem> problems() {
        return problems;
    }
}
