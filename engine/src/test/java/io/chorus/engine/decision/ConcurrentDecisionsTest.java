package io.chorus.engine.decision;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.chorus.engine.Fixtures;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.json.Json;
import io.chorus.engine.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentDecisionsTest {
    private static final ObjectWriter JSON = Json.mapper().writer();

    @Test
    void concurrentDecisionsOnOneRuleSetAreIdenticalToSequentialOnes() throws Exception {
        RuleSet rules = Fixtures.defaultRules();
        CustomerContext sam = Fixtures.samRivers();
        List<Channel> channels = List.of(Channel.values());
        List<String> expected = new ArrayList<>();
        for (Channel channel : channels) {
            expected.add(comparable(rules.decide("same", new DecisionRequest(sam, channel, Fixtures.AFTER_MAY_COMPLAINTS))));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                Channel channel = channels.get(i % channels.size());
                Callable<String> decide = () -> comparable(rules.decide("same",
                        new DecisionRequest(sam, channel, Fixtures.AFTER_MAY_COMPLAINTS)));
                results.add(pool.submit(decide));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(expected.get(i % channels.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String comparable(Decision decision) throws Exception {
        return JSON.writeValueAsString(decision);
    }
}
