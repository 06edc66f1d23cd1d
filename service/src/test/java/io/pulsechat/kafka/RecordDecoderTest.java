package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.pulsechat.core.MessageCommand;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
    private static final TopicPartition PARTITION = new TopicPartition("messages", 0);
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    private final RecordDecoder decoder = new RecordDecoder(JSON);

    @Test
    void sendsKeepTheBatchsOrderAndWhatCannotBeStoredBecomesADeadLetterWithItsReason() throws Exception {
        MessageCommand first = send("first", "hello");
        MessageCommand second = send("second", "again");
        var records = batch(
                JSON.writeValueAsBytes(first),
                "not json".getBytes(),
                JSON.writeValueAsBytes(send("x".repeat(256), "overlong id")),
                JSON.writeValueAsBytes(send("nul", "a \u0000 byte")),
                JSON.writeValueAsBytes(second));

        RecordDecoder.Batch batch = decoder.decode(records);

        assertThat(batch.sends()).extracting(RecordDecoder.Decoded::command).containsExactly(first, second);
        assertThat(batch.sends()).extracting(d -> d.record().offset()).containsExactly(0L, 4L);
        assertThat(batch.poison()).extracting(letter -> letter.record().offset()).containsExactly(1L, 2L, 3L);
        assertThat(batch.poison()).extracting(DeadLetters.Letter::reason).satisfiesExactly(
                reason -> assertThat(reason).startsWith("not a message: "),
                reason -> assertThat(reason).isEqualTo("missing or overlong clientMessageId"),
                reason -> assertThat(reason).isEqualTo("missing body, or text PostgreSQL cannot store"));
    }

    @Test
    void aSendWithoutItsConversationOrSenderCannotBeStored() {
        var noConversation = new MessageCommand(null, UUID.randomUUID(), "id", "body", "node", "session", 0);

        assertThat(RecordDecoder.problemWith(noConversation)).isEqualTo("missing conversationId or senderId");
    }

    private static MessageCommand send(String clientMessageId, String body) {
        return new MessageCommand(UUID.randomUUID(), UUID.randomUUID(), clientMessageId, body, "node", "session", 0);
    }

    private static ConsumerRecords<String, byte[]> batch(byte[]... values) {
        List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), i, "key", values[i]));
        }
        return new ConsumerRecords<>(Map.of(PARTITION, records), Map.of());
    }
}
