package io.pulsechat.kafka;

import com.codahale.metrics.Meter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.core.MessageCommand;
import io.pulsechat.core.MessageLog;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Appends sends to the `messages` topic, keyed by conversation so that one partition orders each conversation.
 *
 * <p>The producer's send() blocks while it has no metadata for the topic or its buffer is full (a broker
 * down or frozen). It is therefore called on a thread of its own ({@code sender}: one thread, so sends keep
 * their order, with a bounded queue), never on the thread that reads a client's frames. A send finds the
 * producer unavailable at once when that queue is full or the sender has been blocked for a while, and
 * while the brokers answer nothing ({@link SendGate}).
 */
public class KafkaMessageLog implements MessageLog {
    /**
     * A send() that has not returned after this long is blocked on the broker (it blocks up to the
     * producer's max.block.ms, 1 s), not merely busy: 200 ms refused sends on a loaded machine, whose
     * scheduler alone can hold a thread that long.
     */
    private static final long BLOCKED_AFTER_NANOS = 500_000_000L;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final ObjectMapper json;
    private final Meter produced;
    private final ExecutorService sender;
    private final OutageLog.Source outage = OutageLog.of("kafka").source("sends");
    private final SendGate gate = new SendGate();
    /** When the send() in progress began, or 0 when none is. */
    private volatile long sendingSinceNanos;

    public KafkaMessageLog(Producer<String, byte[]> producer, String topic, ObjectMapper json, Meter produced,
                           ExecutorService sender) {
        this.producer = producer;
        this.topic = topic;
        this.json = json;
        this.produced = produced;
        this.sender = sender;
    }

    @Override
    public CompletableFuture<Void> append(MessageCommand command) {
        var result = new CompletableFuture<Void>();
        SendGate.Pass pass = gate.enter();
        if (pass == SendGate.Pass.REFUSED) {
            refuse(result, new KafkaException("a send timed out and none has succeeded since; "
                    + "one send at a time goes to the brokers until they answer"));
            return result;
        }
        long since = sendingSinceNanos;
        if (since != 0 && System.nanoTime() - since > BLOCKED_AFTER_NANOS) {
            gate.dropped(pass);
            refuse(result, new KafkaException("the producer has been blocked in send() for "
                    + (System.nanoTime() - since) / 1_000_000 + " ms"));
            return result;
        }
        try {
            byte[] value = json.writeValueAsBytes(command);
            sender.execute(() -> send(new ProducerRecord<>(topic, command.conversationId().toString(), value), result, pass));
        } catch (JsonProcessingException | RejectedExecutionException e) {
            gate.dropped(pass);
            refuse(result, e);
        }
        return result;
    }

    private void send(ProducerRecord<String, byte[]> record, CompletableFuture<Void> result, SendGate.Pass pass) {
        sendingSinceNanos = System.nanoTime();
        try {
            producer.send(record, (metadata, error) -> {
                gate.answered(pass, error);
                if (error == null) {
                    produced.mark();
                    outage.recovered();
                    result.complete(null);
                } else {
                    refuse(result, error);
                }
            });
        } catch (KafkaException e) {
            gate.answered(pass, e);
            refuse(result, e);
        } finally {
            sendingSinceNanos = 0;
        }
    }

    /** The client hears `unavailable`; Kafka's outage log says why (once when it starts, then once a minute at most). */
    private void refuse(CompletableFuture<Void> result, Throwable error) {
        outage.failed("sends are refused (`unavailable`): " + DependencyErrors.describe(error));
        result.completeExceptionally(error);
    }
}
