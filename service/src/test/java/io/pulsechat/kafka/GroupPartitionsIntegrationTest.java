package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The console's partition table against a real broker: partitions whose group has committed offsets but
 * no member that owns them are unowned, with their lag; once a member takes them, they have an owner.
 */
class GroupPartitionsIntegrationTest {
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private final String bootstrap = TestStack.get().kafkaBootstrap;
    private final String topic = "group-partitions-" + UUID.randomUUID();
    private final String group = "group-partitions-" + UUID.randomUUID();

    @Test
    void partitionsWithoutAnOwnerShowAsUnownedWithTheirLagUntilAMemberTakesThem() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(topic + "-other", 1, (short) 1)))
                    .all().get();
            produceTenTo(3);
            var partitions = new GroupPartitions(admin, topic, group, 5_000, System::currentTimeMillis);

            // given a group whose only member reads another topic, and which committed offsets 4 and 10 of the first two
            try (var bystander = consumer()) {
                bystander.subscribe(List.of(topic + "-other"));
                Eventually.value(SETTLE, () -> {
                    bystander.poll(Duration.ofMillis(100));
                    return bystander.assignment().size();
                }, n -> n == 1);
                bystander.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4),
                        new TopicPartition(topic, 1), new OffsetAndMetadata(10)));

                // then every partition is unowned, each with what is left of it
                GroupPartitions.Report unowned = partitions.read();
                assertThat(unowned.error()).isNull();
                assertThat(unowned.rows()).extracting(GroupPartitions.Row::unowned).containsExactly(true, true, true);
                assertThat(unowned.rows()).extracting(GroupPartitions.Row::lag).containsExactly(6L, 0L, 10L);
                assertThat(unowned.unownedLag()).isEqualTo(16);
            }

            // when a member subscribes to the topic, then it owns every partition
            try (var owner = consumer()) {
                owner.subscribe(List.of(topic));
                GroupPartitions.Report owned = Eventually.value(SETTLE, () -> {
                    owner.poll(Duration.ofMillis(100));
                    return readQuietly(partitions);
                }, r -> r.error() == null && r.unowned() == 0 && !r.rows().isEmpty());
                assertThat(owned.rows()).extracting(GroupPartitions.Row::owner).containsOnly("owner-of-" + group);
            }
        }
    }

    private static GroupPartitions.Report readQuietly(GroupPartitions partitions) {
        try {
            return partitions.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void produceTenTo(int partitionCount) throws Exception {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < partitionCount; p++) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k", "v")).get();
                }
            }
        }
    }

    private KafkaConsumer<String, String> consumer() {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "owner-of-" + group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
