package io.chorus.api.events.kafka;

import io.chorus.api.events.EventService;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * With chorus.kafka.bootstrap set, this instance is one member of the consumer group chorus.kafka.group on the
 * events topic, from start-up to shutdown; and it asks the broker every few seconds whether it is there, for
 * readiness ({@link KafkaReadiness}).
 */
@Context
@Requires(property = "chorus.kafka.bootstrap", pattern = ".*\\S.*")
public class KafkaEvents {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEvents.class);

    private final KafkaSettings settings;
    private final EventService events;
    private final KafkaMetrics metrics;
    private final String clientId;
    private final Admin admin;
    private final ScheduledExecutorService probe;
    private volatile long lastContactNanos = System.nanoTime();
    private final List<KafkaEventConsumer> consumers = new ArrayList<>();

    public KafkaEvents(KafkaSettings settings, EventService events, KafkaMetrics metrics) {
        this.settings = settings;
        this.events = events;
        this.metrics = metrics;
        this.clientId = "chorus-" + host() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Properties p = new Properties();
        p.putAll(settings.getProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.getBootstrap());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-probe");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        this.admin = Admin.create(p);
        long every = Math.max(200, Math.min(5_000, settings.getBrokerLossTimeout().toMillis() / 3));
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chorus-kafka-probe");
            t.setDaemon(true);
            return t;
        });
        probe.scheduleWithFixedDelay(this::probe, 0, every, TimeUnit.MILLISECONDS);
        start();
        LOG.info("Applying events from Kafka topic {} as group {} (dead letters to {})", settings.getTopic(),
                settings.getGroup(), settings.getDlqTopic());
    }

    /** Starts consuming (again, after {@link #stop()}). */
    public synchronized void start() {
        if (consumers.isEmpty()) {
            for (int i = 0; i < settings.getConsumers(); i++) {
                KafkaEventConsumer consumer = new KafkaEventConsumer(settings, events, metrics,
                        settings.getConsumers() == 1 ? clientId : clientId + "-" + i);
                consumer.start();
                consumers.add(consumer);
            }
        }
    }

    /** Stops consuming: the poll in hand is finished and committed, and the group is left. */
    public synchronized void stop() {
        consumers.forEach(KafkaEventConsumer::close);
        consumers.clear();
    }

    /** How long the broker has not answered; zero while it does. */
    public Duration brokerSilence() {
        return Duration.ofNanos(System.nanoTime() - lastContactNanos);
    }

    public KafkaSettings settings() {
        return settings;
    }

    private void probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).clusterId()
                    .get(6, TimeUnit.SECONDS);
            lastContactNanos = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Kafka broker did not answer: {}", e.toString());
        }
    }

    @PreDestroy
    public void close() {
        stop();
        probe.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "host";
        }
    }
}
