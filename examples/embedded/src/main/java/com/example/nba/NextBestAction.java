package com.example.nba;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.rules.RuleProblem;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoad;
import io.chorus.engine.rules.RuleSetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Chorus as a library: compile a rule directory once, then decide for any number of customers, in-process and
 * thread-safe. No server, no database: the application supplies each customer's context.
 *
 * <pre>java com.example.nba.NextBestAction RULES_DIR CONTEXT.json CHANNEL [AS_OF]</pre>
 */
public final class NextBestAction {
    private final RuleSet rules;

    /** Compiles every rule file and decision table under {@code rulesDirectory}; fails with file:line messages. */
    public NextBestAction(Path rulesDirectory) {
        RuleSetLoad load = RuleSetLoader.load(rulesDirectory);
        if (!load.ok()) {
            throw new IllegalArgumentException("the rules do not compile:\n" + load.errors().stream()
                    .map(RuleProblem::toString).collect(Collectors.joining("\n")));
        }
        this.rules = load.orElseThrow();
    }

    public Decision decide(CustomerContext customer, Channel channel, Instant asOf) {
        return rules.decide(new DecisionRequest(customer, channel, asOf));
    }

    public static void main(String[] args) throws IOException {
        NextBestAction engine = new NextBestAction(Path.of(args[0]));
        CustomerContext customer = ContextJson.parse(Files.readAllBytes(Path.of(args[1])));
        Instant asOf = args.length > 3 ? Instant.parse(args[3]) : Instant.now();
        Decision decision = engine.decide(customer, Channel.valueOf(args[2]), asOf);
        decision.actions().forEach(a -> System.out.println(a.type() + " " + a.title()));
        decision.suppressed().forEach(s -> System.out.println("blocked: " + s.title() + " (" + s.blockedBy() + ")"));
    }
}
