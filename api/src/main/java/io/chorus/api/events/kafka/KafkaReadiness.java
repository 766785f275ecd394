package io.chorus.api.events.kafka;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;

/** /health/readiness is DOWN once the Kafka broker has not answered for chorus.kafka.broker-loss-timeout. */
@Singleton
@Readiness
@Requires(beans = KafkaEvents.class)
public class KafkaReadiness implements HealthIndicator {
    private final KafkaEvents kafka;

    public KafkaReadiness(KafkaEvents kafka) {
        this.kafka = kafka;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        long silentMs = kafka.brokerSilence().toMillis();
        boolean lost = silentMs > kafka.settings().getBrokerLossTimeout().toMillis();
        return Publishers.just(HealthResult.builder("kafka", lost ? HealthStatus.DOWN : HealthStatus.UP)
                .details(Map.of("brokerSilentMs", silentMs)).build());
    }
}
