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
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * What a send's future says when the brokers take it, when fewer replicas than min.insync.replicas are
 * in sync, and when the brokers answer nothing (a frozen broker).
 */
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

    @Test
    void afterASendTimesOutOnlyOneSendAtATimeGoesToTheProducerUntilOneSucceeds() {
        var first = log.append(command);
        producer.errorNext(new TimeoutException("Expiring 1 record(s) for messages-0: 5000 ms has passed"));
        assertThat(first).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);

        var probe = log.append(command);
        var refused = log.append(command);
        assertThat(refused).as("refused at once while the probe is out").failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class).withMessageContaining("one send at a time");
        assertThat(producer.history()).as("records handed to the producer: the first send and the probe").hasSize(2);

        producer.errorNext(new TimeoutException("Expiring 1 record(s) for messages-0: 5000 ms has passed"));
        assertThat(probe).isCompletedExceptionally();
        var secondProbe = log.append(command);
        assertThat(log.append(command)).isCompletedExceptionally();
        producer.completeNext();
        assertThat(secondProbe).isCompleted();

        var afterwards = log.append(command);
        var alongside = log.append(command);
        assertThat(afterwards).as("the brokers answer again: sends go to the producer").isNotDone();
        assertThat(alongside).isNotDone();
        assertThat(producer.history()).hasSize(5);
    }

    @Test
    void brokersThatAnswerWithAnErrorAreNotSilent() {
        var first = log.append(command);
        producer.errorNext(new NotEnoughReplicasException("1 in sync, min.insync.replicas=2"));
        assertThat(first).isCompletedExceptionally();

        var next = log.append(command);
        var alongside = log.append(command);

        assertThat(next).isNotDone();
        assertThat(alongside).isNotDone();
        assertThat(producer.history()).hasSize(3);
    }
}
