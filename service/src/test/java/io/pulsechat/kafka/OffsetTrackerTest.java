package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition PARTITION = new TopicPartition("messages", 0);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L);
    private OffsetTracker offsets;

    @BeforeEach
    void assignThePartition() {
        offsets = new OffsetTracker(consumer, INTERVAL, nanos::get);
        consumer.subscribe(List.of(PARTITION.topic()), offsets);
        consumer.rebalance(List.of(PARTITION));
    }

    @Test
    void theFirstStoredBatchIsCommittedAtOnceAsTheOffsetAfterItsLastRecord() {
        offsets.stored(batch(0, 3));

        assertThat(committed()).isEqualTo(3);
    }

    @Test
    void batchesStoredWithinTheIntervalAreCommittedTogetherWithTheNextOneAfterIt() {
        offsets.stored(batch(0, 3));
        nanos.addAndGet(INTERVAL.toNanos() / 2);
        offsets.stored(batch(3, 5));

        assertThat(committed()).isEqualTo(3);

        nanos.addAndGet(INTERVAL.toNanos());
        offsets.stored(batch(5, 6));

        assertThat(committed()).isEqualTo(6);
    }

    @Test
    void aRevokedPartitionCommitsWhatWasStoredBeforeItGoes() {
        offsets.stored(batch(0, 3));
        offsets.stored(batch(3, 7));

        consumer.rebalance(List.of());
        consumer.rebalance(List.of(PARTITION));

        assertThat(committed()).isEqualTo(7);
    }

    @Test
    void aLostPartitionCommitsNothingMore() {
        offsets.stored(batch(0, 3));
        offsets.stored(batch(3, 7));

        offsets.onPartitionsLost(List.of(PARTITION));
        offsets.commitAll();

        assertThat(committed()).isEqualTo(3);
    }

    @Test
    void shutdownCommitsEverythingStored() {
        offsets.stored(batch(0, 3));
        offsets.stored(batch(3, 4));

        offsets.commitAll();

        assertThat(committed()).isEqualTo(4);
    }

    @Test
    void aRewindReadsTheBatchAgainFromItsFirstRecord() {
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.seek(PARTITION, 9);

        offsets.rewind(batch(4, 9));

        assertThat(consumer.position(PARTITION)).isEqualTo(4);
    }

    /** MockConsumer answers only for a partition assigned to it. */
    private long committed() {
        OffsetAndMetadata offset = consumer.committed(Set.of(PARTITION)).get(PARTITION);
        return offset == null ? -1 : offset.offset();
    }

    /** Records at offsets {@code from} (inclusive) to {@code to} (exclusive). */
    private static ConsumerRecords<String, byte[]> batch(long from, long to) {
        List<ConsumerRecord<String, byte[]>> records = LongStream.range(from, to)
                .mapToObj(offset -> new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, "key", new byte[0]))
                .toList();
        return new ConsumerRecords<>(Map.of(PARTITION, records), Map.of());
    }
}
