package io.chorus.cli;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.InvalidDocumentException;
import io.chorus.engine.json.Json;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "decide", mixinStandardHelpOptions = true,
        description = "Decide the next best actions for one customer context file; prints the decision as JSON.")
public final class DecideCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--context", required = true, paramLabel = "FILE", description = "Customer context JSON (docs/context.md).")
    Path contextFile;

    @Option(names = "--channel", required = true, paramLabel = "CHANNEL", description = "One of: ${COMPLETION-CANDIDATES}.")
    Channel channel;

    @Option(names = "--as-of", paramLabel = "TS", description = "Decide as of this moment (ISO-8601 with offset); default now.")
    String asOf;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule directory; default the build's rules/ folder.")
    Path rules;

    @Option(names = "--max-actions", paramLabel = "N", defaultValue = "5", description = "Most actions to show (default ${DEFAULT-VALUE}).")
    int maxActions;

    @Override
    public Integer call() throws IOException {
        if (maxActions < 0) {
            throw new UserError("--max-actions: must not be negative, was " + maxActions);
        }
        Instant when = asOf == null ? Instant.now() : parseTimestamp(asOf);
        CustomerContext context = readContext(contextFile);
        RuleSet ruleSet = loadRules(RulesDirectory.orDefault(rules));
        Decision decision = ruleSet.decide(new DecisionRequest(context, channel, when, maxActions));
        spec.commandLine().getOut().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(decision));
        return ExitCodes.OK;
    }

    static Instant parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new UserError("--as-of: \"" + text + "\" is not a timestamp with offset, like 2026-05-20T10:00:00Z");
        }
    }

    static CustomerContext readContext(Path file) throws IOException {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        }
        try {
            return ContextJson.parse(json);
        } catch (InvalidDocumentException e) {
            throw new UserError(e.problems().stream().map(p -> located(file, p)).collect(Collectors.joining("\n")));
        }
    }

    private static String located(Path file, FieldProblem p) {
        return file + ":" + (p.line() > 0 ? p.line() + ":" : "") + " " + p;
    }

    static RuleSet loadRules(Path dir) {
        RuleSetLoad load = RuleSetLoader.load(dir);
        if (!load.ok()) {
            throw new UserError(load.errors().stream().map(Object::toString).collect(Collectors.joining("\n")));
        }
        return load.orElseThrow();
    }
}
