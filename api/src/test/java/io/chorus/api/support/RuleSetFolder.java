package io.chorus.api.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.engine.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** The default rule set (the checkout's rules/ folder) as the files of a deploy request, to edit in tests. */
public final class RuleSetFolder {
    private final Map<String, String> files;

    private RuleSetFolder(Map<String, String> files) {
        this.files = files;
    }

    public static RuleSetFolder defaultRules() {
        Path root = SeedStory.seedCustomerFile().getParent().getParent();
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'),
                        Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RuleSetFolder(files);
    }

    /** A copy with one file changed; the text must contain {@code before}. */
    public RuleSetFolder edit(String path, String before, String after) {
        return change(path, text -> {
            if (!text.contains(before)) {
                throw new IllegalArgumentException(path + " does not contain: " + before);
            }
            return text.replace(before, after);
        });
    }

    public RuleSetFolder change(String path, UnaryOperator<String> change) {
        Map<String, String> copy = new TreeMap<>(files);
        copy.put(path, change.apply(copy.get(path)));
        return new RuleSetFolder(copy);
    }

    public RuleSetFolder without(String path) {
        Map<String, String> copy = new TreeMap<>(files);
        copy.remove(path);
        return new RuleSetFolder(copy);
    }

    /**
     * The default set with these volume constraints instead of its own, and without the scenarios that pin its own
     * limits and constraint names.
     */
    public static RuleSetFolder withConstraints(String constraintsYaml) {
        return defaultRules().change("constraints.yaml", production -> constraintsYaml)
                .without("scenarios/retention-letter-held-back-when-the-days-letters-are-used-up.yaml")
                .without("scenarios/retention-letter-goes-while-letters-are-left.yaml")
                .without("scenarios/business-review-budget-spent-holds-the-review-back.yaml");
    }

    /** The body of POST /v1/rule-sets. */
    public String deployRequest(boolean activate) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode map = body.putObject("files");
        files.forEach(map::put);
        body.put("activate", activate);
        return body.toString();
    }

    /**
     * The same set with the removed-line billing correction worded differently: it passes every scenario, and
     * decisions on it differ from the default set's in that one message.
     */
    public static RuleSetFolder withReworded() {
        return defaultRules().edit("plays/billing.drl", "tell the customer the credit covers everything billed so far.",
                "tell the customer the credit covers everything billed so far, and quote the case number.");
    }
}
