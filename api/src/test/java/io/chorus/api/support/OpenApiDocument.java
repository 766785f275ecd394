package io.chorus.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The served openapi.yml, read to check real answers against it: is the status declared for the operation, in
 * that content type, and does the body hold only declared fields, of the declared types, with the required ones
 * present and enum values known. Enough of JSON Schema for what the document uses; an unknown keyword is ignored.
 */
public final class OpenApiDocument {
    private final Map<String, Object> document;

    private OpenApiDocument(Map<String, Object> document) {
        this.document = document;
    }

    public static OpenApiDocument served() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.yml")) {
            return new OpenApiDocument(new Yaml().load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> paths() {
        return (Map<String, Map<String, Object>>) document.get("paths");
    }

    /** The path template ({@code /v1/customers/{customerId}}) a concrete path matches, if any. */
    public Optional<String> template(String path) {
        String bare = path.split("\\?", 2)[0];
        return paths().keySet().stream().filter(t -> bare.matches(t.replaceAll("\\{[^/]+}", "[^/]+"))).findFirst();
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> operation(String method, String template) {
        Map<String, Object> path = paths().get(template);
        return path == null ? Optional.empty()
                : Optional.ofNullable((Map<String, Object>) path.get(method.toLowerCase(Locale.ROOT)));
    }

    /** What is wrong with an answer to {@code method path}; empty when the document describes it. */
    @SuppressWarnings("unchecked")
    public List<String> problems(String method, String path, int status, String contentType, JsonNode body) {
        List<String> problems = new ArrayList<>();
        String where = method + " " + path + " " + status;
        Optional<String> template = template(path);
        Optional<Map<String, Object>> operation = template.flatMap(t -> operation(method, t));
        if (operation.isEmpty()) {
            return List.of(where + ": no such operation in the document");
        }
        Map<String, Object> responses = (Map<String, Object>) operation.get().get("responses");
        Object response = responses.get(String.valueOf(status));
        if (response == null) {
            return List.of(where + ": status not declared");
        }
        if (contentType == null) {
            return problems; // only the status asked about
        }
        Map<String, Object> declared = resolve((Map<String, Object>) response);
        Map<String, Object> content = (Map<String, Object>) declared.get("content");
        String type = contentType == null ? "" : contentType.split(";")[0].strip();
        if (content == null) {
            if (!type.isEmpty() && body != null && !body.isMissingNode()) {
                problems.add(where + ": a " + type + " body where none is declared");
            }
            return problems;
        }
        Map<String, Object> media = (Map<String, Object>) content.get(type);
        if (media == null) {
            return List.of(where + ": content type " + type + " not declared (" + content.keySet() + ")");
        }
        if (body != null && !body.isMissingNode() && type.contains("json")) {
            check((Map<String, Object>) media.get("schema"), body, "", where, problems);
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Map<String, Object> node) {
        Map<String, Object> at = node;
        while (at != null && at.containsKey("$ref")) {
            Map<String, Object> target = document;
            for (String part : ((String) at.get("$ref")).substring(2).split("/")) {
                target = (Map<String, Object>) target.get(part);
            }
            at = target;
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> schemaOrRef, JsonNode value, String field, String where, List<String> problems) {
        Map<String, Object> schema = resolve(schemaOrRef);
        if (schema == null) {
            return;
        }
        String at = where + " " + (field.isEmpty() ? "(body)" : field);
        String type = (String) schema.get("type");
        if (schema.containsKey("enum") && value.isTextual()
                && !((List<Object>) schema.get("enum")).contains(value.textValue())) {
            problems.add(at + ": \"" + value.textValue() + "\" is not among " + schema.get("enum"));
        }
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(at + ": expected an object, was " + value.getNodeType());
                    return;
                }
                Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
                    if (!value.has((String) required)) {
                        problems.add(at + ": required field " + required + " missing");
                    }
                }
                Object additional = schema.get("additionalProperties");
                for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    String child = field.isEmpty() ? f.getKey() : field + "." + f.getKey();
                    if (properties.containsKey(f.getKey())) {
                        check((Map<String, Object>) properties.get(f.getKey()), f.getValue(), child, where, problems);
                    } else if (additional instanceof Map<?, ?> additionalSchema) {
                        check((Map<String, Object>) additionalSchema, f.getValue(), child, where, problems);
                    } else if (!Boolean.TRUE.equals(additional)) {
                        problems.add(where + " " + child + ": field not declared");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(at + ": expected an array, was " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check((Map<String, Object>) schema.get("items"), value.get(i), field + "[" + i + "]", where, problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(at + ": expected a string, was " + value.getNodeType());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(at + ": expected an integer, was " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(at + ": expected a number, was " + value.getNodeType());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(at + ": expected a boolean, was " + value.getNodeType());
                }
            }
            default -> { }
        }
    }
}
