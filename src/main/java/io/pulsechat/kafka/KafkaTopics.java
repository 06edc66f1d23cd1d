package io.pulsechat.kafka;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the message topic and its dead-letter topic when they are absent. */
class KafkaTopics {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private final Admin admin;
    private final String topic;
    private final String deadLetterTopic;
    private final int partitions;
    private final short replicationFactor;

    KafkaTopics(Admin admin, String topic, String deadLetterTopic, int partitions, short replicationFactor) {
        this.admin = admin;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    void ensureExist() throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = List.of(
                        new NewTopic(topic, partitions, replicationFactor),
                        new NewTopic(deadLetterTopic, 1, replicationFactor))
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
