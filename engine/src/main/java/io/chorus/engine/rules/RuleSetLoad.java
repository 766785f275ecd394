package io.chorus.engine.rules;

import java.util.List;
import java.util.Optional;

/** The outcome of loading a rule directory: a rule set, or the errors that stopped it, and any warnings. */
public record RuleSetLoad(Optional<RuleSet> ruleSet, String version, List<RuleFile> files, List<RuleProblem> problems) {

    public boolean ok() {
        return ruleSet.isPresent();
    }

    public List<RuleProblem> errors() {
        return problems.stream().filter(RuleProblem::isError).toList();
    }

    public List<RuleProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    public RuleSet orElseThrow() {
        return ruleSet.orElseThrow(() -> new RuleSetException(errors()));
    }
}
