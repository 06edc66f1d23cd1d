package io.pulsechat.console;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import io.pulsechat.core.MetricNames;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Turns the node's metrics into a {@link Sample}: counts become rates over the interval since the
 * previous sample. Latency and batch figures are the timers' own (recent, exponentially decaying)
 * percentiles, the same that /metrics serves. Called from one thread.
 */
final class Sampler {
    private static final double NANOS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;
    /** Latency is shown only while something was measured this recently (a few samples, so a slow trickle does not flicker). */
    static final long LATENCY_WINDOW_MS = 5_000;

    private final MetricRegistry metrics;
    private final LongSupplier clock;
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private long lastTime;
    private long lastReceived;
    private long lastPersisted;
    private long lastDelivered;
    private long lastBatches;
    private long lastGcMs;
    private long lastLatencyCount;
    private long latencyMeasuredAt = Long.MIN_VALUE;

    Sampler(MetricRegistry metrics, LongSupplier clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.lastTime = clock.getAsLong();
        this.lastReceived = count(MetricNames.MESSAGES_RECEIVED);
        this.lastPersisted = count(MetricNames.MESSAGES_PERSISTED);
        this.lastDelivered = count(MetricNames.MESSAGES_DELIVERED);
        this.lastBatches = count(MetricNames.MESSAGES_STORE_BATCH);
        this.lastGcMs = gcMillis();
    }

    Sample sample() {
        long now = clock.getAsLong();
        double seconds = Math.max(now - lastTime, 1) / 1000.0;
        long received = count(MetricNames.MESSAGES_RECEIVED);
        long persisted = count(MetricNames.MESSAGES_PERSISTED);
        long delivered = count(MetricNames.MESSAGES_DELIVERED);
        long batches = count(MetricNames.MESSAGES_STORE_BATCH);
        long gcMs = gcMillis();
        Snapshot latency = recentLatency(now);
        Snapshot storeTime = snapshot(MetricNames.MESSAGES_STORE_BATCH);
        Snapshot batchSizes = snapshot(MetricNames.MESSAGES_BATCH_SIZE);
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Number socketIo = gauge(MetricNames.SOCKETIO_SOCKETS);
        var sample = new Sample(now,
                (received - lastReceived) / seconds, (persisted - lastPersisted) / seconds,
                (delivered - lastDelivered) / seconds,
                received, persisted, delivered,
                latency == null ? null : latency.getMedian() / NANOS_PER_MS,
                latency == null ? null : latency.get99thPercentile() / NANOS_PER_MS,
                intGauge(MetricNames.WEBSOCKET_SESSIONS), socketIo == null ? null : socketIo.intValue(),
                longGauge(MetricNames.KAFKA_CONSUMER_LAG), intGauge(MetricNames.KAFKA_CONSUMER_PARTITIONS),
                storeTime == null ? 0 : storeTime.getMean() / NANOS_PER_MS,
                storeTime == null ? 0 : storeTime.get99thPercentile() / NANOS_PER_MS,
                batchSizes == null ? 0 : batchSizes.getMean(),
                (batches - lastBatches) / seconds,
                count(MetricNames.REDIS_SUBSCRIBER_RECONNECTS),
                heap.getUsed() / BYTES_PER_MB, (heap.getMax() < 0 ? heap.getCommitted() : heap.getMax()) / BYTES_PER_MB,
                (gcMs - lastGcMs) / seconds);
        lastTime = now;
        lastReceived = received;
        lastPersisted = persisted;
        lastDelivered = delivered;
        lastBatches = batches;
        lastGcMs = gcMs;
        return sample;
    }

    /** The latency timer's snapshot, or null when it measured nothing within the window. */
    private Snapshot recentLatency(long now) {
        long measured = count(MetricNames.MESSAGES_LATENCY);
        if (measured != lastLatencyCount) {
            lastLatencyCount = measured;
            latencyMeasuredAt = now;
        }
        boolean recent = latencyMeasuredAt != Long.MIN_VALUE && now - latencyMeasuredAt <= LATENCY_WINDOW_MS;
        return recent ? snapshot(MetricNames.MESSAGES_LATENCY) : null;
    }

    private long count(String name) {
        Metric metric = metrics.getMetrics().get(name);
        return metric instanceof Counting counting ? counting.getCount() : 0;
    }

    private Snapshot snapshot(String name) {
        Metric metric = metrics.getMetrics().get(name);
        return metric instanceof Sampling sampling ? sampling.getSnapshot() : null;
    }

    private Number gauge(String name) {
        Metric metric = metrics.getMetrics().get(name);
        return metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number ? number : null;
    }

    private int intGauge(String name) {
        Number value = gauge(name);
        return value == null ? 0 : value.intValue();
    }

    private long longGauge(String name) {
        Number value = gauge(name);
        return value == null ? 0 : value.longValue();
    }

    private long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            total += Math.max(collector.getCollectionTime(), 0);
        }
        return total;
    }
}
