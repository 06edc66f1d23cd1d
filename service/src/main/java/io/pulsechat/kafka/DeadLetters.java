package io.pulsechat.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves records that can never be stored to `messages.dlq`, with the reason and where they came from. */
public class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    public record Letter(ConsumerRecord<String, byte[]> record, String reason) {}

    private final Producer<String, byte[]> producer;
    private final String topic;

    public DeadLetters(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Returns once the broker has every letter, so that the originals' offsets may be committed. */
    public void send(List<Letter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Letter letter : letters) {
            ConsumerRecord<String, byte[]> original = letter.record();
            var record = new ProducerRecord<>(topic, original.key(), original.value());
            record.headers()
                    .add("reason", letter.reason().getBytes(StandardCharsets.UTF_8))
                    .add("source", (original.topic() + "-" + original.partition() + "@" + original.offset())
                            .getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
            LOG.warn("dead-lettered {}-{}@{}: {}", original.topic(), original.partition(), original.offset(), letter.reason());
        }
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("dead-lettering failed", e);
        }
    }
}
