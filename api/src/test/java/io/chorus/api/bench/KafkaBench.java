package io.chorus.api.bench;

import io.chorus.api.events.kafka.KafkaEvents;
import io.chorus.api.support.Api;
import io.chorus.api.support.KafkaBroker;
import io.chorus.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Events a second applied from the topic (api/bench/kafka.sh): a real broker in this JVM (KRaft), the service on
 * a fresh PostgreSQL database, CUSTOMERS customers, EVENTS_EACH interactions each published while the consumer is
 * stopped; then the consumer starts and the clock runs until every event is applied (counted by the service's
 * own chorus.kafka.events.applied). Broker, producer's flush excluded, consumer and store all share the machine.
 *
 * Arguments: [customers, default 1000] [events per customer, default 50, at most 200] [partitions, default 4]
 * [consumers in the instance, chorus.kafka.consumers, default 1].
 */
public final class KafkaBench {
    private KafkaBench() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int each = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String consumers = args.length > 3 ? args[3] : "1";
        String topic = "chorus.events";
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic(topic, partitions);
            broker.createTopic("chorus.events.dlq", 1);
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "datasources.default.url", TestDatabase.get().newDatabase(),
                    "chorus.kafka.bootstrap", broker.bootstrap(), "chorus.kafka.consumers", consumers), "test")) {
                ApplicationContext context = server.getApplicationContext();
                KafkaEvents kafka = context.getBean(KafkaEvents.class);
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                kafka.stop();
                Api api = new Api(server.getURI());
                for (int c = 0; c < customers; c++) {
                    Api.Reply created = api.put("/v1/customers/B-" + c, Api.RECORDER, "{\"customerId\": \"B-" + c
                            + "\", \"name\": \"Bench\", \"segment\": \"CONSUMER\", \"identifiers\": [{\"type\": "
                            + "\"EMAIL\", \"value\": \"b" + c + "@example.com\"}]}");
                    if (created.status() != 201) {
                        throw new IllegalStateException(created.toString());
                    }
                }
                List<Map.Entry<String, String>> records = new ArrayList<>(customers * each);
                for (int i = 0; i < each; i++) {
                    for (int c = 0; c < customers; c++) {
                        records.add(Map.entry("B-" + c, "{\"eventId\": \"B-" + c + "-" + i + "\", \"customer\": "
                                + "{\"id\": \"B-" + c + "\"}, \"type\": \"INTERACTION\", \"at\": \"2026-03-01T09:"
                                + String.format("%02d", i % 60) + ":00Z\", \"channel\": \"WEB\", \"note\": \"event "
                                + i + "\"}"));
                    }
                }
                broker.sendAll(topic, records);
                int total = records.size();
                System.out.printf("%,d events for %,d customers on %d partitions published; %s consumer(s)%n",
                        total, customers, partitions, consumers);

                long start = System.nanoTime();
                kafka.start();
                double applied = 0;
                while (applied < total) {
                    Thread.sleep(20);
                    applied = meters.counter("chorus.kafka.events.applied").count();
                    if (System.nanoTime() - start > 600_000_000_000L) {
                        throw new IllegalStateException("only " + applied + " applied in 10 minutes");
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s: %,d events applied from Kafka in %.2f s: %,.0f events/s%n", Instant.now(),
                        total, seconds, total / seconds);
                System.out.printf("dead-lettered: %.0f, load average: %s%n",
                        meters.counter("chorus.kafka.events.dead.lettered").count(),
                        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
                kafka.stop();
            }
        }
        System.exit(0);
    }
}
