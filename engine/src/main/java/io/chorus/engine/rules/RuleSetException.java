package io.chorus.engine.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that does not compile, with every error located. */
public class RuleSetException extends RuntimeException {
    private final List<RuleProblem> problems;

    public RuleSetException(List<RuleProblem> problems) {
        super(problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
