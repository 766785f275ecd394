package io.chorus.engine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.decision.OutsideFacts;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.InvalidDocumentException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a scenario file (docs/scenarios.md). SnakeYAML's node tree keeps each node's line, so every
 * problem, and later every failed expectation, points at the line an analyst wrote.
 */
public final class ScenarioFile {
    private final String file;

    private ScenarioFile(String file) {
        this.file = file;
    }

    public static Scenario read(Path path) {
        ScenarioFile reader = new ScenarioFile(path.toString());
        Node root;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(in);
        } catch (NoSuchFileException e) {
            throw reader.problem(0, "no such file");
        } catch (MarkedYAMLException e) {
            throw reader.problem(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "not valid YAML: " + e.getProblem());
        } catch (YAMLException | IOException e) {
            throw reader.problem(0, "cannot read: " + e.getMessage());
        }
        if (!(root instanceof MappingNode mapping)) {
            throw reader.problem(root == null ? 0 : line(root), "a scenario is a YAML mapping with name, context, channel, asOf and expect");
        }
        return reader.scenario(path, mapping);
    }

    private Scenario scenario(Path path, MappingNode root) {
        Map<String, Node> top = entries(root);
        String name = top.containsKey("name") ? scalar(top.get("name"), "name") : path.getFileName().toString();
        CustomerContext context = context(path, required(top, "context", root));
        List<Channel> channels = channels(top, root);
        Instant asOf = asOf(required(top, "asOf", root));
        int maxActions = DecisionRequest.DEFAULT_MAX_ACTIONS;
        if (top.containsKey("maxActions")) {
            String text = scalar(top.get("maxActions"), "maxActions");
            try {
                maxActions = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw problem(line(top.get("maxActions")), "maxActions: expected a whole number, was \"" + text + "\"");
            }
        }
        Node expectNode = required(top, "expect", root);
        if (!(expectNode instanceof MappingNode expectMapping)) {
            throw problem(line(expectNode), "expect: expected a mapping of actions, suppressed, absent");
        }
        Map<String, Node> expect = entries(expectMapping);
        boolean ordered = expect.containsKey("ordered") && Boolean.parseBoolean(scalar(expect.get("ordered"), "ordered"));
        List<Expectation> expectations = new ArrayList<>();
        for (Map.Entry<String, Node> e : expect.entrySet()) {
            Expectation.Kind kind = switch (e.getKey()) {
                case "actions" -> Expectation.Kind.ACTION;
                case "suppressed" -> Expectation.Kind.SUPPRESSED;
                case "absent" -> Expectation.Kind.ABSENT;
                case "storySoFar" -> Expectation.Kind.STORY;
                case "rulesFired" -> Expectation.Kind.RULE_FIRED;
                case "rulesNotFired" -> Expectation.Kind.RULE_NOT_FIRED;
                case "ordered" -> null;
                default -> throw problem(line(e.getValue()), "expect." + e.getKey()
                        + ": unknown expectation (use actions, suppressed, absent, storySoFar, rulesFired, rulesNotFired, ordered)");
            };
            if (kind != null) {
                expectations.addAll(expectations(kind, e.getKey(), e.getValue()));
            }
        }
        return new Scenario(file, name, context, channels, asOf, maxActions, ordered, List.copyOf(expectations),
                top.containsKey("remaining") ? remaining(top.get("remaining")) : OutsideFacts.NONE);
    }

    private List<Expectation> expectations(Expectation.Kind kind, String key, Node node) {
        if (!(node instanceof SequenceNode list)) {
            throw problem(line(node), "expect." + key + ": expected a list");
        }
        List<Expectation> result = new ArrayList<>();
        for (Node item : list.getValue()) {
            Map<String, String> fields = new LinkedHashMap<>();
            if (item instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    String field = scalar(t.getKeyNode(), "expect." + key);
                    if (!Matching.knows(kind, field)) {
                        throw problem(line(t.getKeyNode()), "expect." + key + ": unknown field \"" + field
                                + "\" (use " + String.join(", ", Matching.fields(kind)) + ")");
                    }
                    fields.put(field, scalar(t.getValueNode(), "expect." + key + "." + field));
                }
            } else if (item instanceof ScalarNode s && (kind == Expectation.Kind.STORY
                    || kind == Expectation.Kind.RULE_FIRED || kind == Expectation.Kind.RULE_NOT_FIRED)) {
                fields.put(kind == Expectation.Kind.STORY ? "contains" : "rule", s.getValue());
            } else {
                throw problem(line(item), "expect." + key + ": each entry is a mapping such as {type: CREDIT}");
            }
            if (fields.isEmpty()) {
                throw problem(line(item), "expect." + key + ": an empty expectation matches anything");
            }
            result.add(new Expectation(kind, Collections.unmodifiableMap(fields), line(item)));
        }
        return result;
    }

    private CustomerContext context(Path scenarioPath, Node node) {
        if (node instanceof ScalarNode s) {
            Path contextFile = scenarioPath.toAbsolutePath().getParent().resolve(s.getValue()).normalize();
            byte[] json;
            try {
                json = Files.readAllBytes(contextFile);
            } catch (IOException e) {
                throw problem(line(node), "context: cannot read " + s.getValue());
            }
            try {
                return ContextJson.parse(json);
            } catch (InvalidDocumentException e) {
                FieldProblem first = e.problems().get(0);
                throw problem(line(node), "context " + s.getValue() + (first.line() > 0 ? ":" + first.line() : "")
                        + ": " + e.getMessage());
            }
        }
        if (node instanceof MappingNode) {
            try {
                return ContextJson.fromTree(toJson(node));
            } catch (InvalidDocumentException e) {
                throw problem(line(node), "context." + e.getMessage());
            }
        }
        throw problem(line(node), "context: expected a file path or an inline context");
    }

    private List<Channel> channels(Map<String, Node> top, MappingNode root) {
        List<Node> given = new ArrayList<>();
        if (top.containsKey("channels") && top.get("channels") instanceof SequenceNode seq) {
            given.addAll(seq.getValue());
        } else if (top.containsKey("channel")) {
            given.add(top.get("channel"));
        } else {
            throw problem(line(root), "channel: required");
        }
        List<Channel> channels = new ArrayList<>();
        for (Node n : given) {
            String text = scalar(n, "channel");
            try {
                channels.add(Channel.valueOf(text));
            } catch (IllegalArgumentException e) {
                throw problem(line(n), "channel: unknown value \"" + text + "\" (expected one of "
                        + String.join(", ", java.util.Arrays.stream(Channel.values()).map(Enum::name).toList()) + ")");
            }
        }
        return List.copyOf(channels);
    }

    private Instant asOf(Node node) {
        String text = scalar(node, "asOf");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw problem(line(node), "asOf: \"" + text + "\" is not a timestamp with offset, like 2026-05-20T10:00:00Z");
        }
    }

    /** {@code remaining: {retention-letters: 0}}: what is left of volume constraints when the scenario decides. */
    private OutsideFacts remaining(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            throw problem(line(node), "remaining: expected a mapping of constraint names to what is left, e.g. {retention-letters: 0}");
        }
        Map<String, BigDecimal> left = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String name = scalar(tuple.getKeyNode(), "remaining");
            String value = scalar(tuple.getValueNode(), "remaining." + name);
            try {
                left.put(name, new BigDecimal(value));
            } catch (NumberFormatException e) {
                throw problem(line(tuple.getValueNode()), "remaining." + name + ": expected a number, was \"" + value + "\"");
            }
        }
        return new OutsideFacts(left);
    }

    private Node required(Map<String, Node> entries, String key, Node parent) {
        Node node = entries.get(key);
        if (node == null) {
            throw problem(line(parent), key + ": required");
        }
        return node;
    }

    private Map<String, Node> entries(MappingNode mapping) {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            entries.put(scalar(t.getKeyNode(), "key"), t.getValueNode());
        }
        return entries;
    }

    private String scalar(Node node, String field) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw problem(line(node), field + ": expected a single value");
    }

    /** YAML to JSON by the node's resolved tag, so dates stay text for Jackson and numbers stay numbers. */
    static JsonNode toJson(Node node) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (node instanceof MappingNode m) {
            ObjectNode object = json.objectNode();
            for (NodeTuple t : m.getValue()) {
                object.set(((ScalarNode) t.getKeyNode()).getValue(), toJson(t.getValueNode()));
            }
            return object;
        }
        if (node instanceof SequenceNode s) {
            ArrayNode array = json.arrayNode();
            s.getValue().forEach(item -> array.add(toJson(item)));
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        if (Tag.NULL.equals(tag)) {
            return json.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return json.booleanNode(Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)));
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            try {
                return json.numberNode(new BigDecimal(value));
            } catch (NumberFormatException e) {
                return json.textNode(value);
            }
        }
        return json.textNode(value);
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private ScenarioException problem(int line, String message) {
        return new ScenarioException(new ScenarioFailure(file, line, message));
    }
}
