package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.core.MessageCommand;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.TestStack;
import io.pulsechat.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Records that can never be stored go to `messages.dlq` with their reason, and their partition keeps flowing. */
class DeadLetterIntegrationTest {
    @Test
    void poisonRecordsAreDeadLetteredAndTheConversationKeepsFlowing() throws Exception {
        TestNode node = TestNode.start("dlq-node");
        try {
            Api api = new Api(node);
            Account ann = api.register("Ann");
            Account bob = api.register("Bob");
            Account eve = api.register("Eve");
            UUID chat = api.direct(ann, bob);
            String key = chat.toString();
            byte[] notJson = ("not a message " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            byte[] nul = Api.JSON.writeValueAsBytes(new MessageCommand(chat, ann.id(), "nul-" + UUID.randomUUID(),
                    "a\u0000b", "elsewhere", null, System.currentTimeMillis()));
            byte[] outsider = Api.JSON.writeValueAsBytes(new MessageCommand(chat, eve.id(), "eve-" + UUID.randomUUID(),
                    "sneaked in", "elsewhere", null, System.currentTimeMillis()));

            try (var producer = producer()) {
                for (byte[] value : List.of(notJson, nul, outsider)) {
                    producer.send(new ProducerRecord<>("messages", key, value)).get();
                }
            }
            try (var ws = WsClient.connect(node, ann.token())) {
                ws.sendMessage(chat, "after-poison", "still flowing");
                assertThat(ws.awaitType("ack").at("/message/seq").asLong()).isEqualTo(1);
            }

            Map<String, String> reasons = deadLetters(key, 3);
            assertThat(reasons).containsOnlyKeys(new String(notJson, StandardCharsets.UTF_8), new String(nul, StandardCharsets.UTF_8),
                    new String(outsider, StandardCharsets.UTF_8));
            assertThat(reasons.get(new String(notJson, StandardCharsets.UTF_8))).startsWith("not a message");
            assertThat(reasons.get(new String(nul, StandardCharsets.UTF_8))).contains("cannot store");
            assertThat(reasons.get(new String(outsider, StandardCharsets.UTF_8))).contains("not a member");
            assertThat(api.history(ann, chat)).extracting(m -> m.get("clientMessageId").asText()).containsExactly("after-poison");
        } finally {
            node.stop();
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrap);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The dead letters of one conversation: value -> reason. */
    private static Map<String, String> deadLetters(String key, int expected) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, String> found = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("messages.dlq"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.put(new String(record.value(), StandardCharsets.UTF_8),
                                new String(record.headers().lastHeader("reason").value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return found;
    }
}
