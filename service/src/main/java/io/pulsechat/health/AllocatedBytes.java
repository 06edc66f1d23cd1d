package io.pulsechat.health;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.lang.management.ManagementFactory;

/**
 * The gauge `jvm.allocated.bytes`: the bytes the node's live threads have allocated on the heap since
 * they started, from the JVM's per-thread counters (exact, not sampled). Read twice, it gives what a
 * stretch of load allocated: `scripts/bench` divides that by the messages sent (bytes per message).
 * A thread that ended takes its count with it, so a difference is a lower bound when pool threads retire.
 */
public final class AllocatedBytes implements Gauge<Long> {
    public static final String NAME = "jvm.allocated.bytes";

    private final com.sun.management.ThreadMXBean threads;

    private AllocatedBytes(com.sun.management.ThreadMXBean threads) {
        this.threads = threads;
    }

    /** Registers the gauge where the JVM counts allocation per thread (HotSpot does); elsewhere nothing. */
    public static void register(MetricRegistry metrics) {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            threads.setThreadAllocatedMemoryEnabled(true);
            metrics.register(NAME, new AllocatedBytes(threads));
        }
    }

    @Override
    public Long getValue() {
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
