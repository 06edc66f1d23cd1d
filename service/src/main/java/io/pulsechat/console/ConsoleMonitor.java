package io.pulsechat.console;

import io.dropwizard.lifecycle.Managed;
import io.pulsechat.health.Trace;
import io.pulsechat.kafka.GroupPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every second: samples this node, shares its snapshot with the cluster and reads the others'; the
 * health checks run on their own thread so that a check waiting for a timeout delays nothing else, and
 * so does the read of the storing group's partitions (owners and lag, from the brokers) every few seconds.
 * Keeps the last {@link #WINDOW} of samples and cluster totals for the console's charts.
 */
public final class ConsoleMonitor implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleMonitor.class);
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final long TICK_MS = 1000;
    private static final long PARTITIONS_EVERY_MS = 2000;

    /** Reads the storing group's partitions; may wait for the brokers up to its own deadline. */
    interface PartitionSource {
        GroupPartitions.Report read() throws InterruptedException;
    }

    /** What the page polls: this node's samples and the cluster's totals newer than it asked for. */
    public record State(String nodeId, long time, long windowMs, Map<String, Check> health, List<Sample> samples,
                        List<ClusterTotals> cluster, ClusterView view, GroupPartitions.Report partitions) {}

    private final String nodeId;
    private final Sampler sampler;
    private final HealthWatch health;
    private final ClusterBoard board;
    private final PartitionSource partitionSource;
    private final LongSupplier clock;
    private final long startedAt;
    private final History<Sample> samples;
    private final History<ClusterTotals> totals;
    private volatile ClusterView view = new ClusterView(List.of(), null, null);
    private volatile GroupPartitions.Report partitions;
    private ScheduledExecutorService ticks;

    ConsoleMonitor(String nodeId, Sampler sampler, HealthWatch health, ClusterBoard board, PartitionSource partitionSource,
                   LongSupplier clock) {
        this.nodeId = nodeId;
        this.sampler = sampler;
        this.health = health;
        this.board = board;
        this.partitionSource = partitionSource;
        this.clock = clock;
        this.startedAt = clock.getAsLong();
        int capacity = (int) (WINDOW.toMillis() / TICK_MS);
        this.samples = new History<>(capacity, Sample::time);
        this.totals = new History<>(capacity, ClusterTotals::time);
    }

    @Override
    public void start() {
        ticks = Executors.newScheduledThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "console-monitor");
            thread.setDaemon(true);
            return thread;
        });
        ticks.scheduleAtFixedRate(() -> guarded("sample", this::tick), 0, TICK_MS, TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(() -> guarded("health", health::refresh), 0, TICK_MS, TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(() -> guarded("partitions", this::readPartitions), 0, PARTITIONS_EVERY_MS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (ticks == null) {
            return;
        }
        ticks.shutdownNow();
        ticks.awaitTermination(5, TimeUnit.SECONDS);
        try {
            board.withdraw();
        } catch (RuntimeException e) {
            LOG.warn("Console: could not withdraw this node's snapshot from Redis; it expires by itself ({})", e.toString());
        }
    }

    /** The state for a page that already has everything up to `after` (epoch milliseconds; 0 for all). */
    public State state(long after) {
        return new State(nodeId, clock.getAsLong(), WINDOW.toMillis(), health.latest(), samples.since(after),
                totals.since(after), view, partitions);
    }

    private void readPartitions() {
        try {
            partitions = partitionSource.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() {
        Sample sample = sampler.sample();
        ClusterView current = board.exchange(new NodeSnapshot(nodeId, startedAt, sample, health.latest()));
        // Both share the sample's time, so a page asking for what is newer than its last sample misses neither.
        samples.add(sample);
        totals.add(current.totals());
        view = current;
    }

    /** A failed tick is logged and the next one runs: the console must never stop updating silently. */
    private static void guarded(String what, Runnable task) {
        var traced = new Trace.Periodic();
        traced.begin();
        traced.task = "console " + what;
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Console: {} failed", what, e);
        } finally {
            traced.commit();
        }
    }
}
