package io.chorus.engine.constraints;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code constraints.yaml}: the analysts' volume constraints. Every problem (an unknown field, a duplicate
 * name, a bad value) is a {@link RuleProblem} at the line the analyst wrote, so {@code rules check} and the
 * deploy gate refuse it like a rule that does not compile.
 */
public final class ConstraintsFile {
    public static final String NAME = "constraints.yaml";
    private static final Set<String> FIELDS = Set.of("name", "channel", "type", "key", "period", "limit", "cost",
            "budget");
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final String file;
    private final List<RuleProblem> problems = new ArrayList<>();

    private ConstraintsFile(String file) {
        this.file = file;
    }

    /** The constraints and the problems found; constraints with a problem are left out. */
    public record Read(List<VolumeConstraint> constraints, List<RuleProblem> problems) {
    }

    public static Read read(String file, String text) {
        ConstraintsFile reader = new ConstraintsFile(file);
        List<VolumeConstraint> constraints = reader.constraints(text);
        return new Read(List.copyOf(constraints), List.copyOf(reader.problems));
    }

    private List<VolumeConstraint> constraints(String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            problem(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, "not valid YAML: " + e.getProblem());
            return List.of();
        } catch (YAMLException e) {
            problem(0, "not valid YAML: " + e.getMessage());
            return List.of();
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof MappingNode top) || top.getValue().size() != 1
                || !"constraints".equals(scalarText(top.getValue().get(0).getKeyNode()))) {
            problem(line(root), "expected one key, constraints: a list of constraints");
            return List.of();
        }
        Node list = top.getValue().get(0).getValueNode();
        if (!(list instanceof SequenceNode items)) {
            problem(line(list), "constraints must be a list");
            return List.of();
        }
        List<VolumeConstraint> constraints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : items.getValue()) {
            VolumeConstraint c = constraint(item);
            if (c != null && !names.add(c.name())) {
                problem(line(item), "constraint name \"" + c.name() + "\" is used twice");
            } else if (c != null) {
                constraints.add(c);
            }
        }
        return constraints;
    }

    private VolumeConstraint constraint(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problem(line(node), "a constraint is a mapping with name, period and limit (or cost and budget)");
            return null;
        }
        int before = problems.size();
        Map<String, ScalarNode> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String field = scalarText(tuple.getKeyNode());
            if (!FIELDS.contains(field)) {
                problem(line(tuple.getKeyNode()), "unknown field \"" + field + "\" (expected " + String.join(", ",
                        List.of("name", "channel", "type", "key", "period", "limit", "cost", "budget")) + ")");
            } else if (!(tuple.getValueNode() instanceof ScalarNode value)) {
                problem(line(tuple.getValueNode()), field + " must be a single value");
            } else {
                fields.put(field, value);
            }
        }
        String name = text(fields.get("name"));
        if (name == null) {
            problem(line(node), "name is required");
        } else if (!SAFE_NAME.matcher(name).matches()) {
            problem(line(fields.get("name")), "name \"" + name + "\" must be lower-case letters, digits and dashes, at most 64");
        }
        Channel channel = oneOf(fields.get("channel"), Channel.class);
        ActionType type = oneOf(fields.get("type"), ActionType.class);
        String key = text(fields.get("key"));
        VolumeConstraint.Period period = oneOf(fields.get("period"), VolumeConstraint.Period.class);
        if (fields.get("period") == null) {
            problem(line(node), "period is required: DAY or WEEK");
        }
        BigDecimal limit = positive(fields.get("limit"), "limit");
        BigDecimal cost = money(fields.get("cost"), "cost");
        BigDecimal budget = money(fields.get("budget"), "budget");
        boolean counted = fields.containsKey("limit");
        boolean budgeted = fields.containsKey("cost") || fields.containsKey("budget");
        if (counted == budgeted) {
            problem(line(node), "give either limit (a count) or cost and budget");
        } else if (budgeted && (fields.get("cost") == null || fields.get("budget") == null)) {
            problem(line(node), "a budget needs both cost and budget");
        } else if (counted && limit != null && limit.stripTrailingZeros().scale() > 0) {
            problem(line(fields.get("limit")), "limit must be a whole number of actions, was " + limit.toPlainString());
        }
        if (problems.size() > before) {
            return null;
        }
        return new VolumeConstraint(name, channel, type, key, period, limit, cost, budget);
    }

    private <E extends Enum<E>> E oneOf(ScalarNode node, Class<E> type) {
        if (node == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, node.getValue());
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E each : type.getEnumConstants()) {
                names.add(each.name());
            }
            problem(line(node), "unknown value \"" + node.getValue() + "\" (expected one of " + String.join(", ", names) + ")");
            return null;
        }
    }

    private BigDecimal positive(ScalarNode node, String field) {
        if (node == null) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(node.getValue());
            if (value.signum() <= 0) {
                problem(line(node), field + " must be more than 0, was " + node.getValue());
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(line(node), field + " must be a number, was \"" + node.getValue() + "\"");
            return null;
        }
    }

    /**
     * A cost or budget is money: at most two decimals, like every amount Chorus takes. The store counts what is
     * spent in pennies, so a cost of 0.125 would be counted as 0.13 and the budget would run out early.
     */
    private BigDecimal money(ScalarNode node, String field) {
        BigDecimal value = positive(node, field);
        if (value != null && value.stripTrailingZeros().scale() > 2) {
            problem(line(node), field + " is money: at most two decimals, was " + node.getValue());
            return null;
        }
        return value;
    }

    private static String text(ScalarNode node) {
        return node == null || node.getValue().isBlank() ? null : node.getValue();
    }

    private static String scalarText(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : "";
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private void problem(int line, String message) {
        problems.add(RuleProblem.error(file, line, message));
    }
}
