package io.chorus.api.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.problems.BadRequestException;
import io.chorus.engine.json.Json;
import io.chorus.engine.json.JsonProblems;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads request bodies with the contract's mapper, so a malformed body, an unknown enum value or a timestamp
 * without offset is a 400 that names its field, never a 500.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static JsonNode tree(byte[] body) {
        if (body == null || body.length == 0) {
            throw BadRequestException.of("", "a JSON request body is required");
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || node.isMissingNode()) {
                throw BadRequestException.of("", "a JSON request body is required");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw BadRequestException.of(java.util.List.of(JsonProblems.of(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode object(byte[] body) {
        JsonNode node = tree(body);
        if (!node.isObject()) {
            throw BadRequestException.of("", "expected a JSON object");
        }
        return node;
    }

    /** Binds a tree to a request record; {@code prefix} locates it in a larger body (e.g. {@code [2]}). */
    public static <T> T bind(JsonNode node, Class<T> type, String prefix) {
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            var problem = JsonProblems.of(e);
            throw BadRequestException.of(java.util.List.of(prefix.isEmpty() ? problem : problem.under(prefix)));
        }
    }
}
