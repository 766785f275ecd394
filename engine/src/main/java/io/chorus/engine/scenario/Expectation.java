package io.chorus.engine.scenario;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One line of a scenario's {@code expect:} block. It names only the fields it cares about; the rest of the
 * action may be anything.
 */
public record Expectation(Kind kind, Map<String, String> fields, int line) {

    public enum Kind { ACTION, SUPPRESSED, ABSENT, STORY, RULE_FIRED, RULE_NOT_FIRED }

    public String describe() {
        return fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
