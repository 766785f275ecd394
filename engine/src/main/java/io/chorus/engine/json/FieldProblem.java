package io.chorus.engine.json;

/**
 * One thing wrong with a document, located by its field path ({@code accounts[0].status}) and, where the
 * parser knows it, its line. Rendered as {@code accounts[0].status: unknown value "OPEN"}.
 */
public record FieldProblem(String field, String message, int line) {

    public FieldProblem(String field, String message) {
        this(field, message, 0);
    }

    public FieldProblem under(String prefix) {
        return new FieldProblem(field.isEmpty() ? prefix : prefix + (field.startsWith("[") ? "" : ".") + field,
                message, line);
    }

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
