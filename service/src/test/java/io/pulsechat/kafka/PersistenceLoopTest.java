package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.pulsechat.api.Message;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.MessageCommand;
import io.pulsechat.db.MessageStore;
import io.pulsechat.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop against Kafka's MockConsumer, a fake store and a bus that notes what the broker had committed when it heard. */
class PersistenceLoopTest {
    private static final TopicPartition PARTITION = new TopicPartition("messages", 0);
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> deadLetterProducer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final FakeStore store = new FakeStore();
    /** The offset committed when each event was published (-1: none yet). */
    private final List<Long> committedAtPublish = new CopyOnWriteArrayList<>();
    private final List<BusEvent> published = new CopyOnWriteArrayList<>();
    private final PersistenceLoop loop = new PersistenceLoop("loop-under-test", consumer, PARTITION.topic(), store,
            new DeadLetters(deadLetterProducer, "messages.dlq"), event -> {
                committedAtPublish.add(committed());
                published.add(event);
            }, JSON, new MetricRegistry(), Duration.ZERO);

    @AfterEach
    void stopTheLoop() throws InterruptedException {
        loop.stop();
    }

    @Test
    void aRecordThatIsNoMessageGoesToDeadLettersAndTheOffsetMovesPastIt() throws Exception {
        MessageCommand send = send("hello");

        poll(record(0, "not json".getBytes(StandardCharsets.UTF_8)), record(1, JSON.writeValueAsBytes(send)));

        Eventually.value(DEADLINE, this::committed, offset -> offset == 2);
        assertThat(deadLetterProducer.history()).singleElement().satisfies(letter -> {
            assertThat(letter.value()).isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
            assertThat(header(letter, "reason")).startsWith("not a message: ");
            assertThat(header(letter, "source")).isEqualTo("messages-0@0");
        });
        assertThat(store.batches).containsExactly(List.of(send));
    }

    @Test
    void offsetsAreCommittedOnlyOnceTheBatchIsStoredAndPublished() throws Exception {
        MessageCommand send = send("stored on the third try");
        store.failures = 2;

        var record = record(0, JSON.writeValueAsBytes(send));
        polls(List.of(record), List.of(record), List.of(record));

        Eventually.value(DEADLINE, this::committed, offset -> offset == 1);
        assertThat(store.batches).containsExactly(List.of(send), List.of(send), List.of(send));
        assertThat(store.committedAtStore).containsExactly(-1L, -1L, -1L);
        assertThat(committedAtPublish).containsExactly(-1L);
        assertThat(published).singleElement().isInstanceOfSatisfying(BusEvent.MessagesStored.class,
                stored -> assertThat(stored.persisted()).singleElement()
                        .satisfies(m -> assertThat(m.clientMessageId()).isEqualTo(send.clientMessageId())));
    }

    @Test
    void aSendTheDatabaseRefusesIsFoundByStoringEachAloneAndGoesToDeadLetters() throws Exception {
        MessageCommand good = send("good");
        MessageCommand refused = send("refused by a check constraint");
        store.refused = refused;

        poll(record(0, JSON.writeValueAsBytes(good)), record(1, JSON.writeValueAsBytes(refused)));

        Eventually.value(DEADLINE, this::committed, offset -> offset == 2);
        assertThat(store.batches).containsExactly(List.of(good, refused), List.of(good), List.of(refused));
        assertThat(deadLetterProducer.history()).singleElement()
                .satisfies(letter -> assertThat(header(letter, "reason")).startsWith("the database refused it: SQLState 23514"));
    }

    /** Starts the loop; its first poll is assigned the partition and reads these records. */
    @SafeVarargs
    private void poll(ConsumerRecord<String, byte[]>... records) {
        polls(List.of(records));
    }

    /**
     * Starts the loop; its first poll is assigned the partition, and each poll finds the broker
     * holding the records given for it (MockConsumer forgets what it has handed out, so a batch read
     * again after a rewind is given again: it reaches the loop only if the loop rewound).
     */
    @SafeVarargs
    private void polls(List<ConsumerRecord<String, byte[]>>... onTheBroker) {
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(PARTITION)));
        for (List<ConsumerRecord<String, byte[]>> records : onTheBroker) {
            consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
        }
        loop.start();
    }

    private long committed() {
        OffsetAndMetadata offset = consumer.committed(Set.of(PARTITION)).get(PARTITION);
        return offset == null ? -1 : offset.offset();
    }

    private static ConsumerRecord<String, byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, "key", value);
    }

    private static MessageCommand send(String body) {
        return new MessageCommand(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID().toString(), body, "node",
                "session", 0);
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Stores every send it is given, after failing as an unreachable database would, or refusing one send for its data. */
    private final class FakeStore extends MessageStore {
        final List<List<MessageCommand>> batches = new CopyOnWriteArrayList<>();
        final List<Long> committedAtStore = new CopyOnWriteArrayList<>();
        volatile int failures;
        volatile MessageCommand refused;

        FakeStore() {
            super(null);
        }

        @Override
        public Result store(List<MessageCommand> commands) {
            batches.add(List.copyOf(commands));
            committedAtStore.add(committed());
            if (failures > 0) {
                failures--;
                throw new IllegalStateException(new SQLException("connection refused", "08001"));
            }
            if (commands.contains(refused)) {
                throw new IllegalStateException(new SQLException("violates check constraint", "23514"));
            }
            List<Stored> stored = new ArrayList<>();
            for (MessageCommand c : commands) {
                var message = new Message(UUID.randomUUID(), c.conversationId(), 1, c.senderId(), c.clientMessageId(),
                        c.body(), Instant.now(), null, false);
                stored.add(new Stored(message, List.of(c.senderId()), c.originNode(), c.originSession(),
                        c.receivedAtMillis()));
            }
            return new Result(stored, List.of());
        }
    }
}
