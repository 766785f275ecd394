package io.chorus.api.decisions;

import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Prometheus: decision latency, decisions by channel, actions by channel and type, rule firings. */
@Singleton
public class DecisionMetrics {
    /** Percentiles over the last 20-30 s: a benchmark's window, and what an operator watching a dashboard means. */
    static final Duration WINDOW = Duration.ofSeconds(30);
    private final MeterRegistry meters;
    private final Timer latency;
    private final Timer recentLatency;
    private final Timer constraintCheck;
    /**
     * Counters found once and kept: looking one up by name and tags builds its id and searches the registry (a
     * composite of registries), a dozen times per decision with one counter per rule fired.
     */
    private final Map<String, Counter> decisionsByChannel = new ConcurrentHashMap<>();
    private final Map<String, Counter> actionsByChannelAndType = new ConcurrentHashMap<>();
    private final Map<String, Counter> firingsByRule = new ConcurrentHashMap<>();

    public DecisionMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.latency = Timer.builder("chorus.decision.latency")
                .description("Time to answer POST /v1/decisions: load the context, decide, record")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(meters);
        // The same times as percentiles computed here, over the constraint check's window: the buckets above are
        // what a dashboard aggregates across instances, too coarse to tell whether a limit adds a millisecond (and
        // Prometheus takes a timer as buckets or as percentiles, not both).
        this.recentLatency = recentPercentiles(Timer.builder("chorus.decision.latency.recent")
                .description("Time to answer POST /v1/decisions over the last 20-30 s: median, p99, p99.9"))
                .register(meters);
        // Percentiles computed here (a Prometheus summary), not buckets: what a limit adds to a decision is a few
        // microseconds from a lease and milliseconds near a limit, finer than a histogram's buckets.
        this.constraintCheck = recentPercentiles(Timer.builder("chorus.constraints.check")
                .description("What volume constraints add to a recorded decision that shows an action they count: "
                        + "units from this instance's lease, or near a limit the store's counters, deciding again "
                        + "and taking the units"))
                .register(meters);
    }

    /**
     * Median, p99 and p99.9 over the last 20-30 s ({@link #WINDOW}), computed here: every latency the service reports
     * as recent percentiles reads over the same window, so its parts compare with the whole.
     */
    static Timer.Builder recentPercentiles(Timer.Builder timer) {
        return timer.publishPercentiles(0.5, 0.99, 0.999)
                // Two significant digits: with the default one, a p99 of 10 ms reads to within a millisecond only.
                .percentilePrecision(2)
                .distributionStatisticExpiry(WINDOW)
                .distributionStatisticBufferLength(3);
    }

    public void recordConstraintCheck(long nanos) {
        constraintCheck.record(Duration.ofNanos(nanos));
    }

    public void record(Decision decision, long nanos) {
        latency.record(Duration.ofNanos(nanos));
        recentLatency.record(Duration.ofNanos(nanos));
        String channel = decision.channel().name();
        decisionsByChannel.computeIfAbsent(channel, c -> meters.counter("chorus.decisions", "channel", c)).increment();
        for (Action action : decision.actions()) {
            String type = action.type().name();
            actionsByChannelAndType.computeIfAbsent(channel + ' ' + type,
                    k -> meters.counter("chorus.decision.actions", "channel", channel, "type", type)).increment();
        }
        for (String rule : decision.rulesFired()) {
            firingsByRule.computeIfAbsent(rule, r -> meters.counter("chorus.rule.firings", "rule", r)).increment();
        }
    }
}
