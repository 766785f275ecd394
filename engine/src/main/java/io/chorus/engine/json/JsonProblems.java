package io.chorus.engine.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Turns Jackson's exceptions into a {@link FieldProblem} a person can act on, without a stack trace. */
public final class JsonProblems {
    private JsonProblems() {
    }

    public static FieldProblem of(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        int line = where == null ? 0 : Math.max(where.getLineNr(), 0);
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Duplicate field '") && message.endsWith("'")) {
            return new FieldProblem(duplicated(e, message.substring(17, message.length() - 1)),
                    "duplicate key: each field may appear only once", line);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return new FieldProblem(path(mapping), describe(mapping), line);
        }
        if (message.startsWith("Trailing token")) {
            return new FieldProblem("", "expected exactly one JSON value, but more follows it", line);
        }
        return new FieldProblem("", "malformed JSON: " + message, line);
    }

    /** Where a duplicated key is: bound to a type, Jackson gives the object's path; read as a tree, the parser's. */
    private static String duplicated(JsonProcessingException e, String name) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return path(mapping) + "." + name;
        }
        if (e.getProcessor() instanceof JsonParser parser) {
            return path(parser.getParsingContext());
        }
        return name;
    }

    /** The field path of a place in the parse ({@code customer.identifier.value}, {@code [2].note}). */
    static String path(JsonStreamContext context) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.push(c.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (!path.isEmpty() && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }

    public static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof InvalidFormatException invalid) {
            Class<?> target = invalid.getTargetType();
            String value = String.valueOf(invalid.getValue());
            if (target != null && target.isEnum()) {
                String allowed = Arrays.stream(target.getEnumConstants()).map(Object::toString)
                        .collect(Collectors.joining(", "));
                return "unknown value \"" + value + "\" (expected one of " + allowed + ")";
            }
            return "cannot read \"" + value + "\" as " + expected(target);
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException mismatched) {
            Class<?> target = mismatched.getTargetType();
            return "expected " + expected(target);
        }
        return e.getOriginalMessage();
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "a different value";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        return switch (target.getSimpleName()) {
            case "Instant", "OffsetDateTime" -> "a timestamp with offset, like 2026-03-10T11:00:00Z";
            case "LocalDate" -> "a date, like 2026-03-10";
            case "YearMonth" -> "a bill month, like 2026-04";
            case "BigDecimal", "Double", "double" -> "a number";
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            case "List", "ArrayList" -> "a list";
            default -> target.isRecord() || target.getSimpleName().endsWith("Map") ? "an object" : target.getSimpleName();
        };
    }
}
