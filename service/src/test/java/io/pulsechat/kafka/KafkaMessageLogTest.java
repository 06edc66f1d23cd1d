package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Meter;
import com.google.common.util.concurrent.MoreExecutors;
import io.dropwizard.jackson.Jackson;
import io.pulsechat.core.MessageCommand;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What a send's future says when the brokers take it, and when fewer replicas than min.insync.replicas are in sync. */
class KafkaMessageLogTest {
    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());
    private final KafkaMessageLog log = new KafkaMessageLog(producer, "messages", Jackson.newObjectMapper(), new Meter(),
            MoreExecutors.newDirectExecutorService());
    private final MessageCommand command = new MessageCommand(UUID.randomUUID(), UUID.randomUUID(), "c-1", "hello",
            "node-1", "session-1", 0L);

    @Test
    void aSendIsAcceptedOnceTheBrokersHaveItKeyedByItsConversation() {
        var accepted = log.append(command);
        assertThat(accepted).isNotDone();

        producer.completeNext();

        assertThat(accepted).isCompleted();
        assertThat(producer.history()).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(command.conversationId().toString()));
    }

    @Test
    void tooFewReplicasInSyncFailTheSendSoThatTheClientIsToldUnavailable() {
        var accepted = log.append(command);

        producer.errorNext(new NotEnoughReplicasException("1 in sync, min.insync.replicas=2"));

        assertThat(accepted).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NotEnoughReplicasException.class);
    }
}
