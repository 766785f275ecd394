package io.chorus.engine.learning;

import io.chorus.engine.rules.RuleProblem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code predictors.yaml}. Every problem (an unknown measure, bands out of order, a duplicate name) is a
 * {@link RuleProblem} at the analyst's line, so {@code rules check} and the deploy gate refuse it.
 */
public final class PredictorsFile {
    public static final String NAME = "predictors.yaml";
    private static final List<String> TOP = List.of("predictors", "evidence", "exploration", "forgetting",
            "per-channel");
    private static final List<String> FIELDS = List.of("name", "measure", "bands");
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final String file;
    private final List<RuleProblem> problems = new ArrayList<>();

    private PredictorsFile(String file) {
        this.file = file;
    }

    /** The predictors (or {@link Predictors#NONE} when the file has an error) and the problems found. */
    public record Read(Predictors predictors, List<RuleProblem> problems) {
    }

    public static Read read(String file, String text) {
        PredictorsFile reader = new PredictorsFile(file);
        Predictors predictors = reader.predictors(text);
        return new Read(reader.problems.isEmpty() ? predictors : Predictors.NONE, List.copyOf(reader.problems));
    }

    private Predictors predictors(String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            problem(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, "not valid YAML: " + e.getProblem());
            return Predictors.NONE;
        } catch (YAMLException e) {
            problem(0, "not valid YAML: " + e.getMessage());
            return Predictors.NONE;
        }
        if (!(root instanceof MappingNode top)) {
            problem(root == null ? 1 : line(root), "expected a mapping with predictors: a list of predictors");
            return Predictors.NONE;
        }
        List<Predictor> predictors = List.of();
        int evidence = 200;
        int each = 20;
        Predictors.Exploration exploration = Predictors.Exploration.THOMPSON;
        double forgetting = 0.0005;
        Set<String> perChannel = Set.of();
        boolean sawPredictors = false;
        for (NodeTuple tuple : top.getValue()) {
            String key = scalarText(tuple.getKeyNode());
            Node value = tuple.getValueNode();
            switch (key) {
                case "predictors" -> {
                    sawPredictors = true;
                    predictors = list(value);
                }
                case "evidence" -> {
                    if (!(value instanceof MappingNode mapping)) {
                        problem(line(value), "evidence is a mapping: outcomes and each");
                        continue;
                    }
                    for (NodeTuple field : mapping.getValue()) {
                        String name = scalarText(field.getKeyNode());
                        if (name.equals("outcomes")) {
                            evidence = whole(field.getValueNode(), "evidence.outcomes", 1);
                        } else if (name.equals("each")) {
                            each = whole(field.getValueNode(), "evidence.each", 0);
                        } else {
                            problem(line(field.getKeyNode()), "unknown field \"evidence." + name
                                    + "\" (expected outcomes, each)");
                        }
                    }
                }
                case "exploration" -> {
                    String mode = scalar(value, "exploration");
                    if ("thompson".equals(mode)) {
                        exploration = Predictors.Exploration.THOMPSON;
                    } else if ("none".equals(mode)) {
                        exploration = Predictors.Exploration.NONE;
                    } else if (mode != null) {
                        problem(line(value), "exploration must be thompson or none, was \"" + mode + "\"");
                    }
                }
                case "forgetting" -> {
                    String number = scalar(value, "forgetting");
                    try {
                        forgetting = number == null ? forgetting : Double.parseDouble(number);
                        if (!(forgetting >= 0 && forgetting < 0.5)) {
                            problem(line(value), "forgetting must be at least 0 and below 0.5, was " + number);
                        }
                    } catch (NumberFormatException e) {
                        problem(line(value), "forgetting must be a number, was \"" + number + "\"");
                    }
                }
                case "per-channel" -> {
                    if (!(value instanceof SequenceNode keys)) {
                        problem(line(value), "per-channel is a list of action keys");
                        continue;
                    }
                    Set<String> found = new LinkedHashSet<>();
                    for (Node k : keys.getValue()) {
                        String actionKey = scalar(k, "per-channel");
                        if (actionKey != null && !found.add(actionKey)) {
                            problem(line(k), "action key \"" + actionKey + "\" is listed twice");
                        }
                    }
                    perChannel = found;
                }
                default -> problem(line(tuple.getKeyNode()), "unknown field \"" + key + "\" (expected "
                        + String.join(", ", TOP) + ")");
            }
        }
        if (!sawPredictors) {
            problem(line(root), "predictors is required: a list of predictors");
        }
        if (each * 2 > evidence) {
            problem(line(root), "evidence.outcomes (" + evidence + ") must be at least twice evidence.each (" + each + ")");
        }
        return new Predictors(predictors, evidence, each, exploration, perChannel, forgetting, version(text));
    }

    private List<Predictor> list(Node node) {
        if (!(node instanceof SequenceNode items)) {
            problem(line(node), "predictors must be a list");
            return List.of();
        }
        List<Predictor> predictors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : items.getValue()) {
            String name = nameOf(item);
            if (name != null && !names.add(name)) {
                problem(line(item), "predictor name \"" + name + "\" is used twice");
                continue;
            }
            Predictor p = predictor(item);
            if (p != null) {
                predictors.add(p);
            }
        }
        return predictors;
    }

    /** The name a predictor is given, whatever else is wrong with it: a second use is a mistake of its own. */
    private static String nameOf(Node node) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if ("name".equals(scalarText(tuple.getKeyNode())) && tuple.getValueNode() instanceof ScalarNode value) {
                    return value.getValue();
                }
            }
        }
        return null;
    }

    private Predictor predictor(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problem(line(node), "a predictor is a mapping with name, measure and, for a number, bands");
            return null;
        }
        int before = problems.size();
        String name = null;
        Measure measure = null;
        List<Double> bands = List.of();
        Node bandsNode = null;
        for (NodeTuple tuple : mapping.getValue()) {
            String field = scalarText(tuple.getKeyNode());
            Node value = tuple.getValueNode();
            switch (field) {
                case "name" -> {
                    name = scalar(value, "name");
                    if (name != null && !SAFE_NAME.matcher(name).matches()) {
                        problem(line(value), "name \"" + name + "\" must be lower-case letters, digits and dashes, at most 64");
                    }
                }
                case "measure" -> {
                    String text = scalar(value, "measure");
                    measure = text == null ? null : Measure.ofFileName(text);
                    if (text != null && measure == null) {
                        problem(line(value), "unknown measure \"" + text + "\" (expected one of "
                                + String.join(", ", Arrays.stream(Measure.values()).map(Measure::fileName).toList()) + ")");
                    }
                }
                case "bands" -> {
                    bandsNode = value;
                    bands = bands(value);
                }
                default -> problem(line(tuple.getKeyNode()), "unknown field \"" + field + "\" (expected "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        if (name == null) {
            problem(line(node), "name is required");
        }
        if (measure == null && problems.size() == before) {
            problem(line(node), "measure is required");
        }
        if (measure != null && !measure.numeric() && bandsNode != null) {
            problem(line(bandsNode), "measure " + measure.fileName() + " is a category: it takes no bands");
        }
        return problems.size() > before ? null : new Predictor(name, measure, bands);
    }

    private List<Double> bands(Node node) {
        if (!(node instanceof SequenceNode items) || items.getValue().isEmpty()) {
            problem(line(node), "bands is a list of increasing numbers, e.g. [12, 24, 48]");
            return List.of();
        }
        List<Double> bands = new ArrayList<>();
        for (Node item : items.getValue()) {
            String text = scalar(item, "bands");
            try {
                double band = Double.parseDouble(text);
                if (!bands.isEmpty() && band <= bands.get(bands.size() - 1)) {
                    problem(line(item), "bands must increase: " + text + " follows " + bands.get(bands.size() - 1));
                }
                bands.add(band);
            } catch (NumberFormatException | NullPointerException e) {
                problem(line(item), "a band must be a number, was \"" + text + "\"");
            }
        }
        return bands;
    }

    private int whole(Node node, String field, int least) {
        String text = scalar(node, field);
        try {
            int value = Integer.parseInt(text);
            if (value < least) {
                problem(line(node), field + " must be at least " + least + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            problem(line(node), field + " must be a whole number, was \"" + text + "\"");
            return least;
        }
    }

    private String scalar(Node node, String field) {
        if (node instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
            return scalar.getValue();
        }
        problem(line(node), field + " must be a single value");
        return null;
    }

    private static String version(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String scalarText(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : "";
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private void problem(int line, String message) {
        problems.add(RuleProblem.error(file, line, message));
    }
}
