package io.chorus.engine.rules;

/** A compile error or warning in an analyst's file, shown as {@code file:line: message}. */
public record RuleProblem(String file, int line, String message, Severity severity) {

    public enum Severity { ERROR, WARNING }

    public static RuleProblem error(String file, int line, String message) {
        return new RuleProblem(file, line, message, Severity.ERROR);
    }

    public static RuleProblem warning(String file, int line, String message) {
        return new RuleProblem(file, line, message, Severity.WARNING);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return file + ":" + Math.max(line, 1) + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
