package io.chorus.engine.scenario;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;

import java.time.Instant;
import java.util.List;

/** What an analyst expects of the rules for one customer, on one or more channels, at one moment. */
public record Scenario(String file, String name, CustomerContext context, List<Channel> channels, Instant asOf,
                       int maxActions, boolean ordered, List<Expectation> expectations) {
}
