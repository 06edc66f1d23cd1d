package io.pulsechat.redis;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.RepeatedFailure;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 */
public class RedisSubscriber implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
    private static final long MAX_BACKOFF_MS = 2000;

    public interface Listener {
        void onEvent(String payload);
    }

    private final HostAndPort address;
    private final JedisClientConfig config;
    private final String channel;
    private final Listener listener;
    private final Meter reconnects;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private volatile JedisPubSub subscription;
    private final RepeatedFailure failures = new RepeatedFailure();
    private Thread thread;

    RedisSubscriber(HostAndPort address, JedisClientConfig config, String channel, Listener listener,
                    MetricRegistry metrics) {
        this.address = address;
        this.config = config;
        this.channel = channel;
        this.listener = listener;
        this.reconnects = metrics.meter("redis.subscriber.reconnects");
    }

    @Override
    public void start() throws InterruptedException {
        thread = new Thread(this::run, "redis-subscriber");
        thread.setDaemon(true);
        thread.start();
        // Start-up waits briefly so that a node reports ready only once it can receive events.
        subscribed.await(5, TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        stopped.countDown();
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            current.unsubscribe();
        }
        thread.join(5000);
    }

    private void run() {
        long backoff = 100;
        while (stopped.getCount() > 0) {
            try (Jedis jedis = new Jedis(address, config)) {
                JedisPubSub pubSub = new Dispatcher();
                subscription = pubSub;
                jedis.subscribe(pubSub, channel);
                backoff = 100;
            } catch (RuntimeException e) {
                if (stopped.getCount() == 0) {
                    return;
                }
                reconnects.mark();
                // Once per distinct reason: a wrong password or an untrusted certificate must not fill the log.
                String failure = e instanceof JedisException jedis ? RedisHealthCheck.describe(jedis) : DependencyErrors.describe(e);
                if (failures.shouldLog(failure)) {
                    LOG.warn("Redis subscription to {} lost ({}); reconnecting every {} ms at most", channel, failure,
                            MAX_BACKOFF_MS);
                }
                if (awaitStop(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
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

    private final class Dispatcher extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            LOG.info("subscribed to Redis channel {}", channel);
            failures.clear();
            subscribed.countDown();
        }

        @Override
        public void onMessage(String channel, String message) {
            try {
                listener.onEvent(message);
            } catch (RuntimeException e) {
                LOG.error("failed to handle an event from Redis channel {}", channel, e);
            }
        }
    }
}
