package io.pulsechat.redis;

import io.pulsechat.health.Backoff;
import io.pulsechat.health.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One subscribed connection, to one shard's master, on a thread of its own: the channels of that shard
 * the node needs ({@link ChannelBook}), changed while it runs. Events arrive in publication order per
 * channel and are handed to the listener on this thread. When the connection fails (the master died, a
 * failover, a silent network: see {@link RedisSubscriber}) it asks the layout where the shard's master is
 * now, connects there and subscribes again to every channel of the book, then the listener catches up
 * before any live event.
 */
final class ShardSubscription implements SubscriptionReader.Replies {
    private static final Logger LOG = LoggerFactory.getLogger(ShardSubscription.class);

    private final int shard;
    private final ShardLayout layout;
    private final JedisClientConfig config;
    private final RedisSubscriber.Listener listener;
    private final SubscriberMetrics metrics;
    private final ShardHealth health;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch subscribed = new CountDownLatch(1);
    /** Guarded by this, as is {@link #live}: the book and what Redis was told never disagree. */
    private final ChannelBook book = new ChannelBook();
    private SubscribedConnection live;
    private volatile SubscribedConnection connection;
    private long generation;
    private Thread thread;

    ShardSubscription(int shard, ShardLayout layout, JedisClientConfig config, RedisSubscriber.Listener listener,
                      SubscriberMetrics metrics, LongSupplier clock) {
        this.shard = shard;
        this.layout = layout;
        this.config = config;
        this.listener = listener;
        this.metrics = metrics;
        this.health = new ShardHealth(layout.describe(shard), clock, metrics);
    }

    void start() {
        thread = new Thread(this::run, "redis-subscriber-" + shard);
        thread.setDaemon(true);
        thread.start();
    }

    boolean awaitSubscribed(long millis) throws InterruptedException {
        return subscribed.await(millis, TimeUnit.MILLISECONDS);
    }

    void stop() throws InterruptedException {
        stopped.countDown();
        disconnect();
        thread.join(5000);
    }

    /** See {@link Subscriptions#subscribe}: one write for the batch, done once Redis confirmed all of it. */
    synchronized CompletableFuture<Void> subscribe(Collection<String> channels) {
        List<String> fresh = book.want(channels);
        if (live == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = book.await(channels);
        if (!done.isDone()) {
            write(Protocol.Command.SSUBSCRIBE, fresh);
        }
        return done;
    }

    void unsubscribe(Collection<String> channels) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            List<String> gone = book.drop(channels, done);
            if (live != null && !gone.isEmpty()) {
                write(Protocol.Command.SUNSUBSCRIBE, gone);
            }
        }
        // Nobody should still wait on a channel dropped for disuse; if one does, it goes on elsewhere, since
        // the caller (the sweep) holds its own lock, which whatever waited may need.
        done.forEach(future -> future.completeAsync(() -> null));
    }

    /** Null while this connection is alive; otherwise why it hears no events, for /health. */
    String problem(long silenceMillis) {
        return health.problem(silenceMillis);
    }

    synchronized int channelCount() {
        return book.size();
    }

    /** On the ping thread: a ping that cannot even be written ends the subscription at once. */
    synchronized void ping() {
        if (live == null) {
            return;
        }
        try {
            live.sendCommand(Protocol.Command.PING);
            live.sendNow();
        } catch (JedisException e) {
            LOG.debug("pinging the subscription failed ({}); reconnecting", e.toString());
            disconnect();
        }
    }

    /**
     * A write that fails breaks the connection: it is closed here, the reading thread then fails,
     * logs the outage and subscribes again to everything wanted, this batch included.
     */
    private void write(Protocol.Command command, Collection<String> channels) {
        try {
            live.send(command, channels);
            live.sendNow();
        } catch (JedisException e) {
            LOG.debug("writing {} to the subscription failed ({}); reconnecting", command, e.toString());
            disconnect();
        }
    }

    private void run() {
        // The first attempt after a loss is immediate (a dropped connection is usually all that went wrong),
        // then 100 ms, doubling up to 250 ms: an attempt costs one connection, and every second deaf is a
        // second of missed deliveries.
        var backoff = Backoff.immediateThenDoubling(Duration.ofMillis(100), Duration.ofMillis(250));
        boolean afterLoss = false;
        while (stopped.getCount() > 0) {
            try (SubscribedConnection c = new SubscribedConnection(layout.master(shard, afterLoss), config)) {
                connection = c;
                c.setTimeoutInfinite();
                SubscriptionReader.read(c, subscribeAll(c), this);
            } catch (RuntimeException e) {
                closed();
                if (stopped.getCount() == 0) {
                    return;
                }
                if (!health.deaf()) {
                    backoff.reset();
                }
                health.lost(e);
                afterLoss = true;
                if (awaitStop(backoff)) {
                    return;
                }
            }
        }
    }

    /** Every channel wanted, then a PING whose answer tells that all of them are confirmed. */
    private synchronized String subscribeAll(SubscribedConnection c) {
        live = c;
        String marker = "subscribed-" + ++generation;
        c.send(Protocol.Command.SSUBSCRIBE, book.wanted());
        c.sendCommand(Protocol.Command.PING, marker);
        c.sendNow();
        return marker;
    }

    /** Nobody waits on a connection that is gone: the catch-up after the next subscription covers them. */
    private void closed() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            connection = null;
            live = null;
            book.disconnected(done);
        }
        completeAll(done);
    }

    @Override
    public void heard() {
        health.heard();
    }

    @Override
    public void event(String channel, String payload, int bytes) {
        metrics.received(bytes);
        var traced = new Trace.Deliver();
        traced.begin();
        try {
            listener.onEvent(channel, payload);
            traced.bytes = payload.length();
            traced.commit();
        } catch (RuntimeException e) {
            LOG.error("failed to handle an event from Redis channel {}", channel, e);
        }
    }

    @Override
    public void confirmed(String channel) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            book.confirmed(channel, done);
        }
        completeAll(done);
    }

    /** Our own SUNSUBSCRIBEs are answered for channels no longer wanted; any other is Redis moving a slot. */
    @Override
    public synchronized void unsubscribed(String channel) {
        if (book.wants(channel)) {
            throw new JedisDataException("Redis ended the subscription to " + channel + " (its slot moved)");
        }
    }

    @Override
    public void allConfirmed() {
        boolean first = subscribed.getCount() > 0;
        long deafSince = health.subscribed();
        subscribed.countDown();
        if (first) {
            LOG.info("subscribed to Redis channels on {}", layout.describe(shard));
            return;
        }
        // Before any further event is handed on: the catch-up comes first, the live events after it.
        try {
            listener.resubscribed(deafSince);
        } catch (RuntimeException e) {
            LOG.error("catching up after the subscription to {} was lost failed", layout.describe(shard), e);
        }
    }

    /**
     * Outside the lock, in order: what waited runs now, on this thread (a send goes on to Kafka, a
     * session gets `ready`), and may subscribe to more.
     */
    private static void completeAll(List<CompletableFuture<Void>> done) {
        done.forEach(future -> future.complete(null));
    }

    private void disconnect() {
        SubscribedConnection current = connection;
        if (current != null) {
            current.disconnect();
        }
    }

    private boolean awaitStop(Backoff backoff) {
        try {
            return backoff.pause(stopped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
