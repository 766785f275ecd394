package io.chorus.api.decisions;

import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Prometheus: decision latency, decisions by channel, actions by channel and type, rule firings. */
@Singleton
public class DecisionMetrics {
    private final MeterRegistry meters;
    private final Timer latency;

    public DecisionMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.latency = Timer.builder("chorus.decision.latency")
                .description("Time to answer POST /v1/decisions: load the context, decide, record")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(meters);
    }

    public void record(Decision decision, long nanos) {
        latency.record(Duration.ofNanos(nanos));
        String channel = decision.channel().name();
        meters.counter("chorus.decisions", "channel", channel).increment();
        for (Action action : decision.actions()) {
            meters.counter("chorus.decision.actions", "channel", channel, "type", action.type().name()).increment();
        }
        for (String rule : decision.rulesFired()) {
            meters.counter("chorus.rule.firings", "rule", rule).increment();
        }
    }
}
