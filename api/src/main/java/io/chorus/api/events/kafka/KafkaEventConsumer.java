package io.chorus.api.events.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.events.EventProblem;
import io.chorus.api.events.EventResult;
import io.chorus.api.events.EventService;
import io.chorus.api.events.EventsAccepted;
import io.chorus.api.problems.StoreFailures;
import io.chorus.engine.json.Json;
import io.chorus.engine.json.JsonProblems;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One member of the consumer group: a thread that polls the events topic and applies each poll's records through
 * {@link EventService} in one transaction, in offset order within each partition (records are keyed by customer, so
 * a customer's events stay in order). Records that are not an event, or that the store refuses, go to the
 * dead-letter topic with their problems, and the rest are applied without them. Offsets are committed only after
 * the store's transaction and the dead-letter sends have completed; a store that is away is retried from the same
 * offsets with a growing pause, never skipped. Redelivery is harmless: an eventId applied before changes nothing.
 */
public final class KafkaEventConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final Duration CLOSE = Duration.ofSeconds(5);

    private final KafkaSettings settings;
    private final EventService events;
    private final KafkaMetrics metrics;
    private final String clientId;
    private final AtomicLong lag = new AtomicLong();
    private final LongSupplier lagSupplier = lag::get;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public KafkaEventConsumer(KafkaSettings settings, EventService events, KafkaMetrics metrics, String clientId) {
        this.settings = settings;
        this.events = events;
        this.metrics = metrics;
        this.clientId = clientId;
    }

    /** Joins the group and starts applying; returns at once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("a consumer starts once");
        }
        running = true;
        consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
        metrics.track(lagSupplier);
        thread = new Thread(this::run, "chorus-kafka-" + clientId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Finishes the poll in hand (its transaction and commit), leaves the group, and returns once it has. */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        running = false;
        stopped.countDown();
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.untrack(lagSupplier);
    }

    /** The partitions this member held at its last poll. */
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    private void run() {
        KafkaConsumer<String, byte[]> c = consumer;
        KafkaProducer<String, String> dlq = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new StringSerializer());
        try {
            c.subscribe(List.of(settings.getTopic()));
            long backoff = FIRST_BACKOFF_MS;
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                if (!records.isEmpty()) {
                    try {
                        handle(c, dlq, records);
                        backoff = FIRST_BACKOFF_MS;
                    } catch (CommitFailedException | RebalanceInProgressException e) {
                        // The partitions moved on before the commit: their new owner applies these records again,
                        // and finds them applied.
                        LOG.info("Kafka offsets not committed, the group rebalanced: {}", e.getMessage());
                    } catch (WakeupException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        LOG.warn("Events from Kafka not applied, retrying in {} ms: {}", backoff,
                                StoreFailures.cause(e), e);
                        rewind(c, records);
                        pause(backoff);
                        backoff = Math.min(backoff * 2, Math.max(FIRST_BACKOFF_MS, settings.getRetryBackoffMax().toMillis()));
                    }
                }
                assignment = Set.copyOf(c.assignment());
                lag.set(lagOf(c));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("The Kafka consumer {} stopped", clientId, e);
        } finally {
            // Bounded: with the broker gone, leaving the group cannot be said and need not be waited for.
            dlq.close(CLOSE);
            c.close(CloseOptions.timeout(CLOSE));
        }
    }

    /** Applies a poll's records, dead-letters those at fault, then commits; throws to have them all again. */
    private void handle(KafkaConsumer<String, byte[]> c, KafkaProducer<String, String> dlq,
                        ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        Map<Integer, List<EventProblem>> dead = new LinkedHashMap<>();
        List<Integer> pending = new ArrayList<>();
        List<JsonNode> nodes = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = parse(list.get(i), i, dead);
            nodes.add(node);
            if (node != null) {
                pending.add(i);
            }
        }
        while (!pending.isEmpty()) {
            List<JsonNode> batch = pending.stream().map(nodes::get).toList();
            EventResult result = events.apply(batch);
            if (result instanceof EventResult.Accepted accepted) {
                count(accepted.accepted());
                break;
            }
            List<EventProblem> problems = result instanceof EventResult.Invalid invalid ? invalid.problems()
                    : ((EventResult.Conflict) result).problems();
            if (problems.stream().anyMatch(p -> p.index() == null)) {
                // A problem of the batch as a whole: find the records at fault one at a time.
                for (int at : pending) {
                    EventResult one = events.apply(List.of(nodes.get(at)));
                    if (one instanceof EventResult.Accepted accepted) {
                        count(accepted.accepted());
                    } else {
                        dead.put(at, problemsOf(one));
                    }
                }
                break;
            }
            List<Integer> next = new ArrayList<>(pending);
            for (EventProblem p : problems) {
                int at = pending.get(p.index());
                dead.computeIfAbsent(at, k -> new ArrayList<>()).add(p);
                next.remove(Integer.valueOf(at));
            }
            pending = next;
        }
        if (!dead.isEmpty()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            dead.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sent.add(dlq.send(
                    new ProducerRecord<>(settings.getDlqTopic(), list.get(e.getKey()).key(),
                            deadLetter(list.get(e.getKey()), e.getValue())))));
            for (Future<RecordMetadata> f : sent) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while sending to the dead-letter topic", e);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("the dead-letter topic did not take a record", e);
                }
            }
            metrics.deadLettered.increment(dead.size());
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> of = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
        }
        c.commitSync(offsets);
    }

    private static List<EventProblem> problemsOf(EventResult result) {
        return result instanceof EventResult.Invalid invalid ? invalid.problems()
                : ((EventResult.Conflict) result).problems();
    }

    private void count(EventsAccepted accepted) {
        metrics.applied.increment(accepted.applied());
        metrics.duplicates.increment(accepted.duplicates());
    }

    /** The record's value as one JSON event, or null with its problem noted. */
    private static JsonNode parse(ConsumerRecord<String, byte[]> record, int at, Map<Integer, List<EventProblem>> dead) {
        byte[] value = record.value();
        String problem;
        if (value == null || value.length == 0) {
            problem = "an empty record: one JSON event expected";
        } else {
            try {
                JsonNode node = Json.readDocument(value);
                if (node != null && node.isObject()) {
                    return node;
                }
                problem = "expected one event object per record";
            } catch (JsonProcessingException e) {
                var p = JsonProblems.of(e);
                dead.put(at, List.of(new EventProblem(0, null, p.field(), p.message())));
                return null;
            } catch (IOException e) {
                problem = "not JSON: " + e.getMessage();
            }
        }
        dead.put(at, List.of(new EventProblem(0, null, "", problem)));
        return null;
    }

    /** {"original", "key", "topic", "partition", "offset", "problems": [{"field", "message"}]}. */
    static String deadLetter(ConsumerRecord<String, byte[]> record, List<EventProblem> problems) {
        ObjectNode letter = Json.mapper().createObjectNode();
        letter.put("original", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        letter.put("key", record.key());
        letter.put("topic", record.topic());
        letter.put("partition", record.partition());
        letter.put("offset", record.offset());
        ArrayNode list = letter.putArray("problems");
        for (EventProblem p : problems) {
            list.addObject().put("field", p.field()).put("message", p.message());
        }
        try {
            return Json.mapper().writeValueAsString(letter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dead letter always serialises", e);
        }
    }

    /** Back to each partition's first record of the poll, for those this member still owns. */
    private static void rewind(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        Set<TopicPartition> owned = c.assignment();
        for (TopicPartition tp : records.partitions()) {
            if (owned.contains(tp)) {
                c.seek(tp, records.records(tp).get(0).offset());
            }
        }
    }

    private void pause(long ms) {
        try {
            stopped.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static long lagOf(KafkaConsumer<String, byte[]> c) {
        long sum = 0;
        for (TopicPartition tp : c.assignment()) {
            sum += c.currentLag(tp).orElse(0);
        }
        return sum;
    }

    private Properties consumerProperties() {
        Properties p = common();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.getGroup());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A new group starts at the beginning of the topic: no event published before it first ran is lost.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.getMaxPollRecords()));
        // A store that is away is retried for up to retry-backoff-max a time; stay in the group meanwhile.
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                Long.toString(Math.max(300_000, settings.getRetryBackoffMax().toMillis() * 4)));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    private Properties producerProperties() {
        Properties p = common();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dlq");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    private Properties common() {
        Properties p = new Properties();
        p.putAll(settings.getProperties());
        p.put("bootstrap.servers", settings.getBootstrap());
        return p;
    }
}
