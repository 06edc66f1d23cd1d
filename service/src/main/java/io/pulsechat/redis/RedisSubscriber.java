package io.pulsechat.redis;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Owns one Redis subscription on its own thread. Events arrive in publication order and are handed
 * to the listener on that thread; when the connection drops it reconnects with back-off.
 *
 * <p>A subscribed connection only reads, so a network that silently stops carrying it (a NAT or load
 * balancer that forgot it, a failover) would leave it waiting for ever on a socket that still looks
 * ESTABLISHED. It therefore proves it is alive: a PING goes out on it every {@code pingMillis}, and
 * its reads have a deadline ({@code blockingSocketTimeoutMillis} of its client config), so a silent
 * subscription fails, is torn down, and is made again. Events published meanwhile were missed: once
 * subscribed again, the listener hears since when this node was deaf.
 */
public class RedisSubscriber implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
    /** Short: reconnecting costs one connection attempt, and every second deaf is a second of missed deliveries. */
    private static final long MAX_BACKOFF_MS = 250;

    public interface Listener {
        void onEvent(String payload);

        /** Subscribed again after a gap: events published since {@code deafSinceMillis} were missed. Runs on the subscriber thread. */
        default void resubscribed(long deafSinceMillis) {}
    }

    private final HostAndPort address;
    private final JedisClientConfig config;
    private final String channel;
    private final Listener listener;
    private final long pingMillis;
    private final long silenceMillis;
    private final LongSupplier clock;
    private final Meter reconnects;
    private final OutageLog.Source outage;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private volatile JedisPubSub subscription;
    private volatile Jedis connection;
    private volatile long lastHeardMillis;
    /** When the current gap began (the last thing heard before it), or -1 while subscribed. */
    private volatile long deafSinceMillis;
    private volatile String lastFailure = "not subscribed yet";
    private Thread thread;
    private ScheduledExecutorService pinger;

    /** {@code silenceMillis}: how long without a word from Redis counts as deaf (the read deadline). */
    RedisSubscriber(HostAndPort address, JedisClientConfig config, String channel, Listener listener, long pingMillis,
                    long silenceMillis, MetricRegistry metrics, LongSupplier clock) {
        this.address = address;
        this.config = config;
        this.channel = channel;
        this.listener = listener;
        this.pingMillis = pingMillis;
        this.silenceMillis = silenceMillis;
        this.clock = clock;
        this.reconnects = metrics.meter("redis.subscriber.reconnects");
        // Logged as Redis's outage: for the operator, Redis is what is missing, whichever connection noticed.
        this.outage = OutageLog.of("redis").source("the subscription to " + channel);
        this.deafSinceMillis = clock.getAsLong();
    }

    @Override
    public void start() throws InterruptedException {
        pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-subscriber-ping");
            t.setDaemon(true);
            return t;
        });
        pinger.scheduleWithFixedDelay(this::ping, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
        thread = new Thread(this::run, "redis-subscriber");
        thread.setDaemon(true);
        thread.start();
        // Start-up waits briefly so that a node reports ready only once it can receive events.
        subscribed.await(5, TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        stopped.countDown();
        pinger.shutdownNow();
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (JedisException e) {
                // The connection is already broken: closing it ends the subscribe call just as well.
                disconnect();
            }
        }
        thread.join(5000);
    }

    /** Null while the subscription is alive; otherwise why this node hears no events, for /health. */
    public String problem() {
        long now = clock.getAsLong();
        if (deafSinceMillis >= 0) {
            return "subscription to " + channel + " is down (" + lastFailure + ")";
        }
        long silent = now - lastHeardMillis;
        return silent > silenceMillis ? "subscription to " + channel + " silent for " + silent + " ms" : null;
    }

    /** The first attempt after a loss is immediate (a dropped connection is usually all that went wrong); then 100 ms, doubling. */
    private void run() {
        long backoff = 0;
        while (stopped.getCount() > 0) {
            try (Jedis jedis = new Jedis(address, config)) {
                connection = jedis;
                JedisPubSub pubSub = new Dispatcher();
                subscription = pubSub;
                jedis.subscribe(pubSub, channel);
                backoff = 0;
            } catch (RuntimeException e) {
                if (stopped.getCount() == 0) {
                    return;
                }
                lost(e);
                if (awaitStop(backoff)) {
                    return;
                }
                backoff = Math.min(Math.max(backoff * 2, 100), MAX_BACKOFF_MS);
            } finally {
                connection = null;
            }
        }
    }

    private void lost(RuntimeException e) {
        if (deafSinceMillis < 0) {
            deafSinceMillis = lastHeardMillis;
        }
        reconnects.mark();
        lastFailure = e instanceof JedisException jedis ? RedisHealthCheck.describe(jedis) : DependencyErrors.describe(e);
        outage.failed(lastFailure + "; this node delivers nothing until it is subscribed again");
    }

    /** On the ping thread: a ping that cannot even be written ends the subscription at once. */
    private void ping() {
        JedisPubSub current = subscription;
        if (current == null || !current.isSubscribed()) {
            return;
        }
        try {
            current.ping();
        } catch (JedisException e) {
            LOG.debug("pinging the subscription failed ({}); reconnecting", e.toString());
            disconnect();
        }
    }

    private void disconnect() {
        Jedis current = connection;
        if (current != null) {
            current.disconnect();
        }
    }

    private boolean awaitStop(long millis) {
        try {
            return stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void heard() {
        lastHeardMillis = clock.getAsLong();
    }

    private final class Dispatcher extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            heard();
            long deafSince = deafSinceMillis;
            boolean first = subscribed.getCount() > 0;
            deafSinceMillis = -1;
            outage.recovered();
            subscribed.countDown();
            if (first) {
                LOG.info("subscribed to Redis channel {}", channel);
            } else {
                // Before any further event is read: the catch-up comes first, the live events after it.
                try {
                    listener.resubscribed(deafSince);
                } catch (RuntimeException e) {
                    LOG.error("catching up after the subscription to {} was lost failed", channel, e);
                }
            }
        }

        @Override
        public void onPong(String pattern) {
            heard();
        }

        @Override
        public void onMessage(String channel, String message) {
            heard();
            try {
                listener.onEvent(message);
            } catch (RuntimeException e) {
                LOG.error("failed to handle an event from Redis channel {}", channel, e);
            }
        }
    }
}
