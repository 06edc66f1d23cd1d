package io.pulsechat.redis;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.pulsechat.core.MetricNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisClientConfig;

/**
 * This node's Redis subscription: the nodes' channel always, and the sharded channels of the topics its
 * sessions need, which change while it runs ({@link #subscribe}, {@link #unsubscribe}). Each channel goes
 * to the connection of its shard ({@link ShardLayout}: one on a standalone Redis, one per master on a
 * cluster), each connection on its own thread ({@link ShardSubscription}); their events reach the listener
 * one at a time ({@link SerialListener}).
 *
 * <p>A subscribed connection only reads, so a network that silently stops carrying it (a NAT or load
 * balancer that forgot it, a master that died without a word) would leave it waiting for ever on a socket
 * that still looks ESTABLISHED. It therefore proves it is alive: a PING goes out on it every
 * {@code pingMillis}, and its reads have a deadline ({@code blockingSocketTimeoutMillis} of its client
 * config), so a silent subscription fails, is torn down, and is made again, on the shard's master of the
 * moment. Events published meanwhile were missed: once subscribed again to everything, the listener hears
 * since when this node was deaf, before any event.
 */
public class RedisSubscriber implements Managed, Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
    /** Start-up waits this long at most so that a node reports ready only once it can receive events. */
    private static final long START_WAIT_MS = 5000;

    public interface Listener {
        void onEvent(String channel, String payload);

        /** Subscribed again after a gap: events published since {@code deafSinceMillis} were missed. Runs on a subscriber thread. */
        default void resubscribed(long deafSinceMillis) {}
    }

    private final ShardLayout layout;
    private final JedisClientConfig config;
    private final String channel;
    private final Listener listener;
    private final long pingMillis;
    private final long silenceMillis;
    private final LongSupplier clock;
    private final SubscriberMetrics metrics;
    private final List<ShardSubscription> shards;
    private ScheduledExecutorService pinger;

    /** {@code silenceMillis}: how long without a word from Redis counts as deaf (the read deadline). */
    RedisSubscriber(ShardLayout layout, JedisClientConfig config, String channel, Listener listener, long pingMillis,
                    long silenceMillis, MetricRegistry metrics, LongSupplier clock) {
        this.layout = layout;
        this.config = config;
        this.channel = channel;
        this.listener = new SerialListener(listener);
        this.pingMillis = pingMillis;
        this.silenceMillis = silenceMillis;
        this.clock = clock;
        this.metrics = new SubscriberMetrics(metrics);
        metrics.register(MetricNames.REDIS_SUBSCRIBER_CHANNELS, (Gauge<Integer>) this::channelCount);
        int count = layout.load();
        List<ShardSubscription> built = new ArrayList<>(count);
        for (int shard = 0; shard < count; shard++) {
            built.add(new ShardSubscription(shard, layout, config, this.listener, this.metrics, clock));
        }
        this.shards = List.copyOf(built);
        subscribe(List.of(channel));
    }

    @Override
    public void start() throws InterruptedException {
        pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-subscriber-ping");
            t.setDaemon(true);
            return t;
        });
        pinger.scheduleWithFixedDelay(() -> shards.forEach(ShardSubscription::ping), pingMillis, pingMillis,
                TimeUnit.MILLISECONDS);
        shards.forEach(ShardSubscription::start);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_WAIT_MS);
        boolean all = true;
        for (ShardSubscription shard : shards) {
            all &= shard.awaitSubscribed(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        if (all) {
            LOG.info("subscribed to Redis channel {}, and to the topics' channels, over {} connection(s)", channel, shards.size());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        pinger.shutdownNow();
        for (ShardSubscription shard : shards) {
            shard.stop();
        }
    }

    /**
     * Adds these channels to the subscription, one write per shard. The future completes once Redis has
     * confirmed all of them, so that events published from then on reach this node; while a shard has no
     * subscription at all its part completes at once (the node catches up from PostgreSQL once subscribed again).
     */
    @Override
    public CompletableFuture<Void> subscribe(Collection<String> channels) {
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        byShard(channels).forEach((shard, some) -> parts.add(shards.get(shard).subscribe(some)));
        return parts.size() == 1 ? parts.get(0) : CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
    }

    /** Removes these channels from the subscription, one write per shard. */
    @Override
    public void unsubscribe(Collection<String> channels) {
        byShard(channels).forEach((shard, some) -> shards.get(shard).unsubscribe(some));
    }

    /** Null while every connection is alive; otherwise why this node misses events, for /health. */
    public String problem() {
        for (ShardSubscription shard : shards) {
            String problem = shard.problem(silenceMillis);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private Map<Integer, List<String>> byShard(Collection<String> channels) {
        Map<Integer, List<String>> grouped = new TreeMap<>();
        for (String c : channels) {
            grouped.computeIfAbsent(layout.shardOf(c), k -> new ArrayList<>()).add(c);
        }
        return grouped;
    }

    private int channelCount() {
        return shards.stream().mapToInt(ShardSubscription::channelCount).sum();
    }
}
