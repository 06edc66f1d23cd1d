package io.pulsechat.kafka;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far one storing consumer is behind, as measured by its own thread after each poll and read by
 * the metrics and the `kafka` health check from other threads.
 */
class ConsumerLag {
    private final AtomicLong lag = new AtomicLong();
    private final AtomicInteger assigned = new AtomicInteger();
    /** When this consumer last stored a batch or had nothing to store. */
    private volatile long lastProgressNanos = System.nanoTime();

    void measure(Consumer<?, ?> consumer) {
        assigned.set(consumer.assignment().size());
        long total = 0;
        for (TopicPartition partition : consumer.assignment()) {
            total += consumer.currentLag(partition).orElse(0);
        }
        lag.set(total);
        if (total == 0) {
            progressed();
        }
    }

    /** A batch is stored. */
    void progressed() {
        lastProgressNanos = System.nanoTime();
    }

    long records() {
        return lag.get();
    }

    long stalledMillis() {
        return lag.get() > 0 ? (System.nanoTime() - lastProgressNanos) / 1_000_000 : 0;
    }

    int assignedPartitions() {
        return assigned.get();
    }
}
