package io.chorus.api.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Prometheus: records behind the end of the topic (summed over this instance's consumers), events applied,
 * repeats recognised, records dead-lettered.
 */
@Singleton
public class KafkaMetrics {
    private final Set<LongSupplier> lags = ConcurrentHashMap.newKeySet();
    final Counter applied;
    final Counter duplicates;
    final Counter deadLettered;

    public KafkaMetrics(MeterRegistry meters) {
        Gauge.builder("chorus.kafka.consumer.lag", this, KafkaMetrics::lag)
                .description("Records on this instance's partitions of the events topic not yet applied")
                .register(meters);
        applied = Counter.builder("chorus.kafka.events.applied")
                .description("Events from Kafka applied to a customer's context").register(meters);
        duplicates = Counter.builder("chorus.kafka.events.duplicates")
                .description("Records from Kafka whose event had been applied before (changed nothing)")
                .register(meters);
        deadLettered = Counter.builder("chorus.kafka.events.dead.lettered")
                .description("Invalid records from Kafka sent to the dead-letter topic").register(meters);
    }

    void track(LongSupplier lag) {
        lags.add(lag);
    }

    void untrack(LongSupplier lag) {
        lags.remove(lag);
    }

    private double lag() {
        return lags.stream().mapToLong(LongSupplier::getAsLong).sum();
    }
}
