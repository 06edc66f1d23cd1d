package io.pulsechat.kafka;

import io.pulsechat.health.Backoff;
import io.pulsechat.health.OutageLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the message topic and its dead-letter topic when they are absent. When Kafka cannot be
 * reached or refuses the node at start-up (down, wrong password, untrusted certificate), the node
 * still starts, reports `kafka` unhealthy on /health, and keeps trying here in the background.
 */
class KafkaTopics {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private final Admin admin;
    private final String topic;
    private final String deadLetterTopic;
    private final int partitions;
    private final short replicationFactor;
    private final int minInSyncReplicas;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread retries;
    private final OutageLog.Source outage = OutageLog.of("kafka").source("creating topics");

    KafkaTopics(Admin admin, String topic, String deadLetterTopic, int partitions, short replicationFactor,
                int minInSyncReplicas) {
        this.admin = admin;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.minInSyncReplicas = minInSyncReplicas;
    }

    void start() {
        try {
            ensureExist();
        } catch (Exception e) {
            outage.failed("cannot check or create topics " + topic + " and " + deadLetterTopic + ": "
                    + KafkaErrors.describe(e) + "; retrying in the background");
            retries = new Thread(this::retry, "kafka-topics");
            retries.setDaemon(true);
            retries.start();
        }
    }

    void stop() throws InterruptedException {
        stopped.countDown();
        if (retries != null) {
            retries.join(5000);
        }
    }

    private void retry() {
        var backoff = Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));
        try {
            while (!backoff.pause(stopped)) {
                try {
                    ensureExist();
                    outage.recovered();
                    return;
                } catch (Exception e) {
                    outage.failed("topics still not ready: " + KafkaErrors.describe(e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void ensureExist() throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        Map<String, String> configs = Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInSyncReplicas));
        List<NewTopic> missing = List.of(
                        new NewTopic(topic, partitions, replicationFactor).configs(configs),
                        new NewTopic(deadLetterTopic, 1, replicationFactor).configs(configs))
                .stream().filter(t -> !existing.contains(t.name())).toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            LOG.info("created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (java.util.concurrent.ExecutionException e) {
            // Another node may have created them between our listing and our request.
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
    }
}
