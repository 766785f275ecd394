package io.chorus.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.KafkaBroker;
import io.chorus.api.support.ProxiedStoreTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the consumer does when a part goes away: the store (nothing skipped, nothing committed too early: every
 * event is applied once it is back) and the broker (readiness DOWN after chorus.kafka.broker-loss-timeout).
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaOutageTest extends ProxiedStoreTestBase {
    private static final String TOPIC = "chorus.events";
    private KafkaBroker broker;

    @Override
    protected Map<String, String> moreProperties() {
        broker = KafkaBroker.start();
        broker.createTopic(TOPIC, 2);
        return Map.of("chorus.kafka.bootstrap", broker.bootstrap(), "chorus.kafka.broker-loss-timeout", "3s",
                "chorus.kafka.retry-backoff-max", "1s");
    }

    @Test
    @Order(1)
    void shouldApplyEveryEventOnceAfterTheStoreComesBack() throws InterruptedException {
        Api.Reply created = api.put("/v1/customers/K-600", Api.RECORDER, "{\"customerId\": \"K-600\", \"name\": "
                + "\"Kay\", \"segment\": \"CONSUMER\", \"identifiers\": [{\"type\": \"EMAIL\", \"value\": "
                + "\"k600@example.com\"}]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        broker.send(TOPIC, "K-600", interaction("K-600-0", "before"));
        await(() -> notes().contains("before"));

        proxy.stop();
        for (int i = 1; i <= 20; i++) {
            broker.send(TOPIC, "K-600", interaction("K-600-" + i, "during-" + i));
        }
        Thread.sleep(3_000);
        proxy.start();

        await(() -> notes().size() == 21);
        List<String> expected = new ArrayList<>(List.of("before"));
        for (int i = 1; i <= 20; i++) {
            expected.add("during-" + i);
        }
        assertThat(notes()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Order(2)
    void shouldTurnReadinessDownWhenTheBrokerIsGoneForLongerThanTheTimeout() {
        await(() -> api.get("/health/readiness", null).status() == 200);

        broker.close();

        await(() -> api.get("/health/readiness", null).status() == 503);
        assertThat(api.get("/health/liveness", null).status()).isEqualTo(200);
    }

    private static String interaction(String eventId, String note) {
        return "{\"eventId\": \"" + eventId + "\", \"customer\": {\"id\": \"K-600\"}, \"type\": \"INTERACTION\", "
                + "\"at\": \"2026-03-01T09:00:00Z\", \"channel\": \"WEB\", \"note\": \"" + note + "\"}";
    }

    private List<String> notes() {
        Api.Reply reply = api.get("/v1/customers/K-600/context", Api.CHANNEL);
        List<String> notes = new ArrayList<>();
        if (reply.status() == 200) {
            JsonNode context = reply.json();
            context.path("interactions").forEach(i -> notes.add(i.path("note").asText()));
        }
        return notes;
    }

    private static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 60 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
