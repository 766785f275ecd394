package io.chorus.api.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.problems.BadRequestException;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.Json;
import io.chorus.engine.json.JsonProblems;
import io.chorus.engine.json.TreeLimits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reads request bodies with the contract's mapper, so a malformed body, an unknown enum value or a timestamp
 * without offset is a 400 that names its field, never a 500. A body is exactly one JSON value with each key once,
 * and keeps the limits of docs/api.md ({@link TreeLimits}) before anything binds or stores it.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    /** One JSON value, parsed strictly; the limits are the caller's to check ({@link #limits}). */
    public static JsonNode tree(byte[] body) {
        if (body == null || body.length == 0) {
            throw BadRequestException.of("", "a JSON request body is required");
        }
        try {
            JsonNode node = Json.readDocument(body);
            if (node == null || node.isMissingNode()) {
                throw BadRequestException.of("", "a JSON request body is required");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw BadRequestException.of(List.of(JsonProblems.of(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object within the limits: what every single-object endpoint reads. */
    public static JsonNode object(byte[] body) {
        JsonNode node = tree(body);
        if (!node.isObject()) {
            throw BadRequestException.of("", "expected a JSON object");
        }
        List<FieldProblem> problems = limits(node);
        if (!problems.isEmpty()) {
            throw BadRequestException.of(problems);
        }
        return node;
    }

    /**
     * A JSON object that carries files (a rule set): each string may be as long as the body limit allows, every
     * other limit (NUL, lone surrogates, numbers) still holds.
     */
    public static JsonNode objectWithFiles(byte[] body) {
        JsonNode node = tree(body);
        if (!node.isObject()) {
            throw BadRequestException.of("", "expected a JSON object");
        }
        List<FieldProblem> problems = TreeLimits.check(node, Integer.MAX_VALUE);
        if (!problems.isEmpty()) {
            throw BadRequestException.of(problems);
        }
        return node;
    }

    /** What in {@code node} breaks a limit: NUL, over-long ids and text, numbers no one could mean. */
    public static List<FieldProblem> limits(JsonNode node) {
        return TreeLimits.check(node);
    }

    /** Binds a tree to a request record; {@code prefix} locates it in a larger body (e.g. {@code [2]}). */
    public static <T> T bind(JsonNode node, Class<T> type, String prefix) {
        try {
            return Json.strictReader().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            var problem = JsonProblems.of(e);
            throw BadRequestException.of(List.of(prefix.isEmpty() ? problem : problem.under(prefix)));
        }
    }
}
