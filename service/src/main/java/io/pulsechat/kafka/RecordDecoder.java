package io.pulsechat.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.core.MessageCommand;
import io.pulsechat.core.MessageSettings;
import io.pulsechat.core.TextRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** Reads a polled batch into the sends it carries; a record that is no storable send becomes a dead letter. */
class RecordDecoder {
    /** A record with the send it carries. */
    record Decoded(ConsumerRecord<String, byte[]> record, MessageCommand command) {}

    /** A polled batch: the sends to store, in the batch's order, and the records that can never be stored. */
    record Batch(List<Decoded> sends, List<DeadLetters.Letter> poison) {}

    private final ObjectMapper json;

    RecordDecoder(ObjectMapper json) {
        this.json = json;
    }

    Batch decode(ConsumerRecords<String, byte[]> records) {
        List<Decoded> sends = new ArrayList<>(records.count());
        List<DeadLetters.Letter> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            MessageCommand command;
            try {
                command = json.readValue(record.value(), MessageCommand.class);
            } catch (IOException | RuntimeException e) {
                poison.add(new DeadLetters.Letter(record, "not a message: " + e.getMessage()));
                continue;
            }
            String problem = problemWith(command);
            if (problem != null) {
                poison.add(new DeadLetters.Letter(record, problem));
            } else {
                sends.add(new Decoded(record, command));
            }
        }
        return new Batch(sends, poison);
    }

    /** Why PostgreSQL would refuse this send for its data, or null when it can be stored. */
    static String problemWith(MessageCommand c) {
        if (c.conversationId() == null || c.senderId() == null) {
            return "missing conversationId or senderId";
        }
        if (c.clientMessageId() == null || c.clientMessageId().isEmpty()
                || c.clientMessageId().length() > MessageSettings.CLIENT_MESSAGE_ID_COLUMN_LENGTH) {
            return "missing or overlong clientMessageId";
        }
        if (c.body() == null || !TextRules.isStorable(c.body()) || !TextRules.isStorable(c.clientMessageId())) {
            return "missing body, or text PostgreSQL cannot store";
        }
        return null;
    }
}
