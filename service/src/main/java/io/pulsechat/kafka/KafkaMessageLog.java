package io.pulsechat.kafka;

import com.codahale.metrics.Meter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.core.MessageCommand;
import io.pulsechat.core.MessageLog;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/** Appends sends to the `messages` topic, keyed by conversation so that one partition orders each conversation. */
public class KafkaMessageLog implements MessageLog {
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final ObjectMapper json;
    private final Meter produced;

    public KafkaMessageLog(Producer<String, byte[]> producer, String topic, ObjectMapper json, Meter produced) {
        this.producer = producer;
        this.topic = topic;
        this.json = json;
        this.produced = produced;
    }

    @Override
    public CompletableFuture<Void> append(MessageCommand command) {
        var result = new CompletableFuture<Void>();
        try {
            byte[] value = json.writeValueAsBytes(command);
            producer.send(new ProducerRecord<>(topic, command.conversationId().toString(), value), (metadata, error) -> {
                if (error == null) {
                    produced.mark();
                    result.complete(null);
                } else {
                    result.completeExceptionally(error);
                }
            });
        } catch (JsonProcessingException | KafkaException e) {
            result.completeExceptionally(e);
        }
        return result;
    }
}
