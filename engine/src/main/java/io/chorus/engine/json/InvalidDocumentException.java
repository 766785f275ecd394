package io.chorus.engine.json;

import java.util.List;
import java.util.stream.Collectors;

/** A document that cannot be used, with every problem found in it. */
public class InvalidDocumentException extends RuntimeException {
    private final List<FieldProblem> problems;

    public InvalidDocumentException(List<FieldProblem> problems) {
        super(problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
