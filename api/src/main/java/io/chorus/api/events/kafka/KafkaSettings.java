package io.chorus.api.events.kafka;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.MapFormat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** chorus.kafka.*: where the events come from (docs/configuration.md, "Events from Kafka"). */
@ConfigurationProperties("chorus.kafka")
public class KafkaSettings {
    /** host:port[,host:port…] of the brokers; empty: no consumer at all. */
    private String bootstrap = "";
    private String topic = "chorus.events";
    private String dlqTopic = "chorus.events.dlq";
    /** Every instance with the same group shares the topic's partitions. */
    private String group = "chorus";
    /** Group members (threads) in this instance, each with its own partitions. */
    private int consumers = 1;
    /** At most this many records applied in one transaction. */
    private int maxPollRecords = 500;
    /** Readiness is DOWN once the broker has not answered for this long. */
    private Duration brokerLossTimeout = Duration.ofSeconds(30);
    /** A store that is away is retried after 200 ms, doubling up to this. */
    private Duration retryBackoffMax = Duration.ofSeconds(30);
    /** Further client properties (security.protocol, sasl.*, ssl.*), given to consumer, producer and admin. */
    private Map<String, String> properties = new HashMap<>();

    public String getBootstrap() {
        return bootstrap;
    }

    public void setBootstrap(String bootstrap) {
        this.bootstrap = bootstrap == null ? "" : bootstrap.trim();
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getDlqTopic() {
        return dlqTopic;
    }

    public void setDlqTopic(String dlqTopic) {
        this.dlqTopic = dlqTopic;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public int getConsumers() {
        return consumers;
    }

    public void setConsumers(int consumers) {
        this.consumers = Math.max(1, consumers);
    }

    public int getMaxPollRecords() {
        return maxPollRecords;
    }

    public void setMaxPollRecords(int maxPollRecords) {
        this.maxPollRecords = maxPollRecords;
    }

    public Duration getBrokerLossTimeout() {
        return brokerLossTimeout;
    }

    public void setBrokerLossTimeout(Duration brokerLossTimeout) {
        this.brokerLossTimeout = brokerLossTimeout;
    }

    public Duration getRetryBackoffMax() {
        return retryBackoffMax;
    }

    public void setRetryBackoffMax(Duration retryBackoffMax) {
        this.retryBackoffMax = retryBackoffMax;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(@MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> properties) {
        this.properties = properties == null ? new HashMap<>() : new HashMap<>(properties);
    }
}
