package io.chorus.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.events.kafka.KafkaEventConsumer;
import io.chorus.api.events.kafka.KafkaEvents;
import io.chorus.api.events.kafka.KafkaMetrics;
import io.chorus.api.events.kafka.KafkaSettings;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.KafkaBroker;
import io.chorus.engine.json.Json;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events from a real Kafka broker (KRaft, in this JVM): applied as POST /v1/events applies them, once each however
 * often a record is delivered, invalid ones dead-lettered with their problems while the rest go on, nothing lost
 * or doubled across a restart, and two members of one group sharing the partitions.
 */
@MicronautTest
class KafkaEventsTest extends ApiTestBase {
    private static final String TOPIC = "chorus.events";
    private static final String DLQ = "chorus.events.dlq";
    private static KafkaBroker broker;

    @Inject
    KafkaEvents kafka;
    @Inject
    KafkaSettings settings;
    @Inject
    EventService events;
    @Inject
    KafkaMetrics metrics;

    @Override
    protected Map<String, String> moreProperties() {
        broker = KafkaBroker.start();
        broker.createTopic(TOPIC, 4);
        broker.createTopic(DLQ, 1);
        // A client property passed through as it is (where a deployment puts security.protocol, sasl.*).
        return Map.of("chorus.kafka.bootstrap", broker.bootstrap(), "chorus.kafka.max-poll-records", "25",
                "chorus.kafka.properties.client.dns.lookup", "use_all_dns_ips");
    }

    @AfterAll
    void stopBroker() {
        kafka.stop();
        broker.close();
    }

    @Test
    void shouldChangeTheContextFromTheTopicAsPostingTheSameEventsDoes() {
        customer("K-100", "k100@example.com");
        customer("H-100", "h100@example.com");
        List<String> story = List.of(
                "\"type\": \"CASE_OPENED\", \"at\": \"2026-03-01T09:00:00Z\", \"caseId\": \"CS-1\", \"topic\": \"BILLING_DISPUTE\", \"summary\": \"double charge\"",
                "\"type\": \"INTERACTION\", \"at\": \"2026-03-01T09:05:00Z\", \"channel\": \"CALL_CENTER\", \"caseId\": \"CS-1\", \"note\": \"called\"",
                "\"type\": \"SURVEY_RESPONDED\", \"at\": \"2026-03-02T10:00:00Z\", \"channel\": \"EMAIL\", \"score\": 3",
                "\"type\": \"CASE_RESOLVED\", \"at\": \"2026-03-03T10:00:00Z\", \"caseId\": \"CS-1\"",
                "\"type\": \"CONSENT_CHANGED\", \"at\": \"2026-03-04T10:00:00Z\", \"channel\": \"WEB\", \"consentChannel\": \"SMS\", \"granted\": false");
        for (int i = 0; i < story.size(); i++) {
            // By id on the topic, by identifier for the last: a record's key is either.
            String ref = i == story.size() - 1 ? "{\"identifier\": {\"type\": \"EMAIL\", \"value\": \"k100@example.com\"}}"
                    : "{\"id\": \"K-100\"}";
            broker.send(TOPIC, "K-100", "{\"eventId\": \"K-100-" + i + "\", \"customer\": " + ref + ", " + story.get(i) + "}");
            Api.Reply posted = api.post("/v1/events", Api.RECORDER, "{\"eventId\": \"H-100-" + i
                    + "\", \"customer\": {\"id\": \"H-100\"}, " + story.get(i) + "}");
            assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        }

        await(() -> context("K-100").path("consents").path("SMS").asText().equals("false"));

        JsonNode fromKafka = context("K-100");
        JsonNode fromHttp = context("H-100");
        assertThat(fromKafka.path("cases").get(0).path("status").asText()).isEqualTo("RESOLVED");
        assertThat(fromKafka.path("interactions")).hasSize(1);
        for (String list : List.of("consents", "consentChanges", "cases", "interactions", "surveys")) {
            assertThat(fromKafka.path(list)).as(list).isEqualTo(fromHttp.path(list));
        }
    }

    @Test
    void shouldApplyARecordDeliveredTwiceOnce() {
        customer("K-200", "k200@example.com");
        double duplicatesBefore = prometheus("chorus_kafka_events_duplicates_total");
        String event = interaction("K-200", "K-200-once", "2026-03-01T09:00:00Z", "first");
        broker.send(TOPIC, "K-200", event);
        broker.send(TOPIC, "K-200", event);
        broker.send(TOPIC, "K-200", interaction("K-200", "K-200-after", "2026-03-01T10:00:00Z", "second"));

        await(() -> notes("K-200").contains("second"));

        assertThat(notes("K-200")).containsExactly("first", "second");
        await(() -> prometheus("chorus_kafka_events_duplicates_total") >= duplicatesBefore + 1);
    }

    @Test
    void shouldDeadLetterAnInvalidRecordWithItsProblemAndApplyTheRest() throws Exception {
        customer("K-300", "k300@example.com");
        String missingAt = "{\"eventId\": \"K-300-bad\", \"customer\": {\"id\": \"K-300\"}, \"type\": \"INTERACTION\", "
                + "\"channel\": \"WEB\"}";
        String reused = interaction("K-300", "K-300-good", "2026-03-01T09:00:00Z", "other content");
        broker.send(TOPIC, "K-300", missingAt);
        broker.send(TOPIC, "K-300", "this is not JSON");
        broker.send(TOPIC, "K-300", interaction("K-300", "K-300-good", "2026-03-01T09:00:00Z", "good"));
        broker.send(TOPIC, "K-300", interaction("NOBODY", "K-300-nobody", "2026-03-01T09:00:00Z", "lost"));
        broker.send(TOPIC, "K-300", reused);
        broker.send(TOPIC, "K-300", interaction("K-300", "K-300-later", "2026-03-02T09:00:00Z", "later"));

        await(() -> notes("K-300").contains("later"));
        assertThat(notes("K-300")).containsExactly("good", "later");

        List<JsonNode> letters = new ArrayList<>();
        for (ConsumerRecord<String, String> r : broker.read(DLQ, 4, Duration.ofSeconds(30))) {
            JsonNode letter = Json.mapper().readTree(r.value());
            if (letter.path("key").asText().equals("K-300")) {
                letters.add(letter);
            }
        }
        assertThat(letters).hasSize(4);
        JsonNode first = letters.get(0);
        assertThat(first.path("original").asText()).isEqualTo(missingAt);
        assertThat(first.path("topic").asText()).isEqualTo(TOPIC);
        assertThat(first.path("partition").isInt()).isTrue();
        assertThat(first.path("offset").isNumber()).isTrue();
        assertThat(first.path("problems").toString()).isEqualTo("[{\"field\":\"at\",\"message\":\"required\"}]");
        assertThat(letters.get(1).path("original").asText()).isEqualTo("this is not JSON");
        assertThat(letters.get(1).path("problems").get(0).path("message").asText()).isNotBlank();
        assertThat(letters.get(2).path("problems").get(0).path("field").asText()).isEqualTo("customer.id");
        assertThat(letters.get(2).path("problems").get(0).path("message").asText()).contains("no customer NOBODY");
        assertThat(letters.get(3).path("original").asText()).isEqualTo(reused);
        assertThat(letters.get(3).path("problems").get(0).path("field").asText()).isEqualTo("eventId");
        assertThat(letters.get(3).path("problems").get(0).path("message").asText()).contains("different content");
        assertThat(letters.get(0).path("offset").asLong()).isLessThan(letters.get(3).path("offset").asLong());
        assertThat(prometheus("chorus_kafka_events_dead_lettered_total")).isGreaterThanOrEqualTo(4);
        assertThat(prometheus("chorus_kafka_events_applied_total")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldPassClientPropertiesThrough() {
        assertThat(settings.getProperties()).containsEntry("client.dns.lookup", "use_all_dns_ips");
    }

    @Test
    void shouldLoseNothingAndDoubleNothingWhenStoppedMidStream() {
        int customers = 10;
        int each = 100;
        for (int c = 0; c < customers; c++) {
            customer("K-4" + c, "k4" + c + "@example.com");
        }
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (int c = 0; c < customers; c++) {
                records.add(Map.entry("K-4" + c, interaction("K-4" + c, "K-4" + c + "-" + i,
                        "2026-03-01T09:00:00Z", "n" + i)));
            }
        }
        broker.sendAll(TOPIC, records);
        await(() -> notes("K-40").size() + notes("K-41").size() > 0);

        kafka.stop();
        int atStop = total(customers);
        assertThat(atStop).as("stopped mid-stream").isLessThan(customers * each);
        kafka.start();

        await(() -> total(customers) == customers * each);
        for (int c = 0; c < customers; c++) {
            List<String> notes = notes("K-4" + c);
            assertThat(new HashSet<>(notes)).as("K-4" + c).hasSize(each);
            assertThat(notes).hasSize(each);
        }
    }

    @Test
    void shouldShareThePartitionsBetweenTwoMembersOfTheGroupAndApplyEachEventOnce() {
        int customers = 8;
        for (int c = 0; c < customers; c++) {
            customer("K-5" + c, "k5" + c + "@example.com");
        }
        try (KafkaEventConsumer second = new KafkaEventConsumer(settings, events, metrics, "second-member")) {
            second.start();
            await(() -> !second.assignment().isEmpty() && second.assignment().size() < 4);

            List<Map.Entry<String, String>> records = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                for (int c = 0; c < customers; c++) {
                    records.add(Map.entry("K-5" + c, interaction("K-5" + c, "K-5" + c + "-" + i,
                            "2026-03-01T09:00:00Z", "n" + i)));
                }
            }
            broker.sendAll(TOPIC, records);

            await(() -> {
                int sum = 0;
                for (int c = 0; c < customers; c++) {
                    sum += notes("K-5" + c).size();
                }
                return sum >= customers * 30;
            });
            Set<Integer> partitions = new HashSet<>();
            second.assignment().forEach(tp -> partitions.add(tp.partition()));
            assertThat(partitions).isNotEmpty().hasSizeLessThan(4);
            for (int c = 0; c < customers; c++) {
                assertThat(notes("K-5" + c)).as("K-5" + c).hasSize(30).doesNotHaveDuplicates();
            }
        }
        await(() -> prometheus("chorus_kafka_consumer_lag") == 0);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private void customer(String id, String email) {
        Api.Reply created = api.put("/v1/customers/" + id, Api.RECORDER, "{\"customerId\": \"" + id
                + "\", \"name\": \"Kay\", \"segment\": \"CONSUMER\", \"identifiers\": [{\"type\": \"EMAIL\", "
                + "\"value\": \"" + email + "\"}], \"consents\": {\"SMS\": true}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private static String interaction(String customer, String eventId, String at, String note) {
        return "{\"eventId\": \"" + eventId + "\", \"customer\": {\"id\": \"" + customer + "\"}, \"type\": "
                + "\"INTERACTION\", \"at\": \"" + at + "\", \"channel\": \"WEB\", \"note\": \"" + note + "\"}";
    }

    private JsonNode context(String id) {
        Api.Reply reply = api.get("/v1/customers/" + id + "/context", Api.CHANNEL);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private List<String> notes(String id) {
        List<String> notes = new ArrayList<>();
        context(id).path("interactions").forEach(i -> notes.add(i.path("note").asText()));
        return notes;
    }

    private int total(int customers) {
        int sum = 0;
        for (int c = 0; c < customers; c++) {
            sum += notes("K-4" + c).size();
        }
        return sum;
    }

    private double prometheus(String name) {
        Api.Reply reply = api.get("/prometheus", Api.ADMIN);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        for (String line : reply.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " not among the metrics");
    }

    private static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
