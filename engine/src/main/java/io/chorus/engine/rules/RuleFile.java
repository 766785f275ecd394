package io.chorus.engine.rules;

/** One file of a rule set, by its path relative to the rule directory. */
public record RuleFile(String path, String sha256, long bytes) {
}
