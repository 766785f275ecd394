package io.chorus.engine.scenario;

import io.chorus.engine.decision.OutsideFacts;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;

import java.time.Instant;
import java.util.List;

/** What an analyst expects of the rules for one customer, on one or more channels, at one moment. */
public record Scenario(String file, String name, CustomerContext context, List<Channel> channels, Instant asOf,
                       int maxActions, boolean ordered, List<Expectation> expectations, OutsideFacts outside) {

    public Scenario(String file, String name, CustomerContext context, List<Channel> channels, Instant asOf,
                    int maxActions, boolean ordered, List<Expectation> expectations) {
        this(file, name, context, channels, asOf, maxActions, ordered, expectations, OutsideFacts.NONE);
    }
}
