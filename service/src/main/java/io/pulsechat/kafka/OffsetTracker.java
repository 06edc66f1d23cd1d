package io.pulsechat.kafka;

import io.pulsechat.health.OncePerMinute;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the offsets of what is stored in PostgreSQL, and only that: after the database commit,
 * without waiting for the broker, and at most once per commit interval (each commit is a request to
 * the broker; at thousands of small batches a second they were a visible share of the broker's and
 * the loop's CPU). A commit that is late or lost only makes the next owner store those records again,
 * which the store de-duplicates: their messages are published again, and clients drop what they
 * already have by id. Revocation and shutdown commit synchronously everything stored.
 * Runs on the loop's thread only (the rebalance callbacks run inside its poll()).
 */
class OffsetTracker implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetTracker.class);

    private final Consumer<String, byte[]> consumer;
    private final LongSupplier nanoClock;
    private final long commitIntervalNanos;
    private final Map<TopicPartition, OffsetAndMetadata> stored = new HashMap<>();
    private final OncePerMinute failures = new OncePerMinute();
    private long lastCommitNanos;

    OffsetTracker(Consumer<String, byte[]> consumer, Duration commitInterval) {
        this(consumer, commitInterval, System::nanoTime);
    }

    OffsetTracker(Consumer<String, byte[]> consumer, Duration commitInterval, LongSupplier nanoClock) {
        this.consumer = consumer;
        this.nanoClock = nanoClock;
        this.commitIntervalNanos = commitInterval.toNanos();
        // nanoTime has no fixed origin (it may be negative): the first batch commits at once.
        this.lastCommitNanos = nanoClock.getAsLong() - commitIntervalNanos;
    }

    /** The batch is stored: its offsets are committed now, or with a later batch within the commit interval. */
    void stored(ConsumerRecords<String, byte[]> records) {
        stored.putAll(nextOffsets(records));
        long now = nanoClock.getAsLong();
        if (now - lastCommitNanos < commitIntervalNanos) {
            return;
        }
        lastCommitNanos = now;
        consumer.commitAsync(Map.copyOf(stored), (committed, error) -> {
            if (error != null && failures.pass("commit " + error.getClass().getName())) {
                LOG.warn("committing offsets failed ({}); they are committed again with the next batch "
                        + "(repeats once a minute at most)", error.toString());
            }
        });
    }

    /** Before the consumer closes. */
    void commitAll() {
        commitStored(List.copyOf(stored.keySet()));
    }

    /** The batch was not stored: the next poll reads it again, from its first record in each partition still ours. */
    void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        commitStored(partitions);
        if (!partitions.isEmpty()) {
            LOG.info("partitions revoked: {}", partitions);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        partitions.forEach(stored::remove);
        LOG.warn("partitions lost: {}", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            LOG.info("partitions assigned: {}", partitions);
        }
    }

    private void commitStored(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = stored.remove(partition);
            if (offset != null) {
                offsets.put(partition, offset);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (RuntimeException e) {
            LOG.warn("committing offsets of {} failed ({}); their next owner stores those records again, "
                    + "idempotently", offsets.keySet(), e.toString());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }
}
