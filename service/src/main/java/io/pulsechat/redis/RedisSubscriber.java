package io.pulsechat.redis;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import io.pulsechat.health.Trace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Owns this node's Redis subscription on its own thread: the nodes' channel always, and the sharded
 * channels of the topics its sessions need, which change while it runs ({@link #subscribe},
 * {@link #unsubscribe}). Events arrive in publication order per channel and are handed to the listener
 * on that thread; when the connection drops it reconnects with back-off and subscribes again to
 * every channel wanted.
 *
 * <p>A subscribed connection only reads, so a network that silently stops carrying it (a NAT or load
 * balancer that forgot it, a failover) would leave it waiting for ever on a socket that still looks
 * ESTABLISHED. It therefore proves it is alive: a PING goes out on it every {@code pingMillis}, and
 * its reads have a deadline ({@code blockingSocketTimeoutMillis} of its client config), so a silent
 * subscription fails, is torn down, and is made again. Events published meanwhile were missed: once
 * subscribed again to everything, the listener hears since when this node was deaf, before any event.
 */
public class RedisSubscriber implements Managed, Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
    /** Short: reconnecting costs one connection attempt, and every second deaf is a second of missed deliveries. */
    private static final long MAX_BACKOFF_MS = 250;

    public interface Listener {
        void onEvent(String channel, String payload);

        /** Subscribed again after a gap: events published since {@code deafSinceMillis} were missed. Runs on the subscriber thread. */
        default void resubscribed(long deafSinceMillis) {}
    }

    /** One call of {@link #subscribe}: done once each of its channels is confirmed. */
    private static final class Waiter {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int remaining;
    }

    private final HostAndPort address;
    private final JedisClientConfig config;
    private final String channel;
    private final Listener listener;
    private final long pingMillis;
    private final long silenceMillis;
    private final LongSupplier clock;
    private final Meter reconnects;
    private final Meter events;
    private final Meter bytes;
    private final OutageLog.Source outage;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch subscribed = new CountDownLatch(1);
    /** The topic channels this node needs; guarded by this, as are the three below. */
    private final Set<String> wanted = new HashSet<>();
    /** Those the current connection has confirmed. */
    private final Set<String> confirmed = new HashSet<>();
    /** Callers waiting for a channel's confirmation, in the order they asked. */
    private final Map<String, List<Waiter>> waiting = new HashMap<>();
    private SubscribedConnection live;
    private volatile SubscribedConnection connection;
    private volatile long lastHeardMillis;
    /** When the current gap began (the last thing heard before it), or -1 while subscribed. */
    private volatile long deafSinceMillis;
    private volatile String lastFailure = "not subscribed yet";
    private long generation;
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
        this.events = metrics.meter("redis.subscriber.events");
        this.bytes = metrics.meter("redis.subscriber.bytes");
        metrics.register("redis.subscriber.channels", (Gauge<Integer>) this::channelCount);
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
        disconnect();
        thread.join(5000);
    }

    /**
     * Adds these channels to the subscription, in one write. The future completes once Redis has
     * confirmed all of them, so that events published from then on reach this node; while there is no
     * subscription at all it completes at once (the node catches up from PostgreSQL once subscribed again).
     */
    @Override
    public synchronized CompletableFuture<Void> subscribe(Collection<String> channels) {
        List<String> fresh = new ArrayList<>();
        for (String c : channels) {
            if (wanted.add(c)) {
                fresh.add(c);
            }
        }
        if (live == null) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter waiter = new Waiter();
        for (String c : channels) {
            if (!confirmed.contains(c)) {
                waiter.remaining++;
                waiting.computeIfAbsent(c, k -> new ArrayList<>()).add(waiter);
            }
        }
        if (waiter.remaining == 0) {
            return CompletableFuture.completedFuture(null);
        }
        write(Protocol.Command.SSUBSCRIBE, fresh);
        return waiter.done;
    }

    /** Removes these channels from the subscription, in one write. */
    @Override
    public void unsubscribe(Collection<String> channels) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            List<String> gone = new ArrayList<>();
            for (String c : channels) {
                if (wanted.remove(c)) {
                    gone.add(c);
                    confirmed.remove(c);
                    confirm(waiting.remove(c), done);
                }
            }
            if (live != null && !gone.isEmpty()) {
                write(Protocol.Command.SUNSUBSCRIBE, gone);
            }
        }
        // Nobody should still wait on a channel dropped for disuse; if one does, it goes on elsewhere, since
        // the caller (the sweep) holds its own lock, which whatever waited may need.
        done.forEach(future -> future.completeAsync(() -> null));
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

    private synchronized int channelCount() {
        return wanted.size() + 1;
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

    /** The first attempt after a loss is immediate (a dropped connection is usually all that went wrong); then 100 ms, doubling. */
    private void run() {
        long backoff = 0;
        while (stopped.getCount() > 0) {
            try (SubscribedConnection c = new SubscribedConnection(address, config)) {
                connection = c;
                c.setTimeoutInfinite();
                String marker = subscribeAll(c);
                read(c, marker);
            } catch (RuntimeException e) {
                closed();
                if (stopped.getCount() == 0) {
                    return;
                }
                if (deafSinceMillis < 0) {
                    backoff = 0;
                }
                lost(e);
                if (awaitStop(backoff)) {
                    return;
                }
                backoff = Math.min(Math.max(backoff * 2, 100), MAX_BACKOFF_MS);
            }
        }
    }

    /** Every channel wanted, then a PING whose answer tells that all of them are confirmed. */
    private synchronized String subscribeAll(SubscribedConnection c) {
        live = c;
        List<String> all = new ArrayList<>(wanted.size() + 1);
        all.add(channel);
        all.addAll(wanted);
        String marker = "subscribed-" + ++generation;
        c.send(Protocol.Command.SSUBSCRIBE, all);
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
            confirmed.clear();
            waiting.values().forEach(waiters -> waiters.forEach(w -> done.add(w.done)));
            waiting.clear();
        }
        completeAll(done);
    }

    /**
     * Reads until the connection fails. Events that come before the whole subscription is confirmed
     * wait until the listener has caught up: live events follow the catch-up.
     */
    private void read(SubscribedConnection c, String marker) {
        List<String[]> early = new ArrayList<>();
        boolean complete = false;
        while (true) {
            Object reply = c.getUnflushedObject();
            heard();
            if (!(reply instanceof List<?> parts) || parts.size() < 2) {
                throw new JedisDataException("unexpected reply on the subscription: " + reply);
            }
            switch (text(parts.get(0))) {
                case "smessage" -> {
                    events.mark();
                    bytes.mark(parts.get(2) instanceof byte[] raw ? raw.length : 0);
                    String[] event = {text(parts.get(1)), text(parts.get(2))};
                    if (complete) {
                        deliver(event);
                    } else {
                        early.add(event);
                    }
                }
                case "ssubscribe" -> confirmed(text(parts.get(1)));
                case "pong" -> {
                    if (!complete && marker.equals(text(parts.get(1)))) {
                        complete = true;
                        subscribedToAll();
                        early.forEach(this::deliver);
                        early.clear();
                    }
                }
                default -> { }
            }
        }
    }

    private void deliver(String[] event) {
        var traced = new Trace.Deliver();
        traced.begin();
        try {
            listener.onEvent(event[0], event[1]);
            traced.bytes = event[1].length();
            traced.commit();
        } catch (RuntimeException e) {
            LOG.error("failed to handle an event from Redis channel {}", event[0], e);
        }
    }

    private void confirmed(String c) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            if (wanted.contains(c)) {
                confirmed.add(c);
            }
            confirm(waiting.remove(c), done);
        }
        completeAll(done);
    }

    /** Under the lock: which of these waiters are now done, in the order they asked. */
    private static void confirm(List<Waiter> waiters, List<CompletableFuture<Void>> done) {
        if (waiters != null) {
            for (Waiter waiter : waiters) {
                if (--waiter.remaining == 0) {
                    done.add(waiter.done);
                }
            }
        }
    }

    /**
     * Outside the lock, in order: what waited runs now, on this thread (a send goes on to Kafka, a
     * session gets `ready`), and may subscribe to more.
     */
    private static void completeAll(List<CompletableFuture<Void>> done) {
        done.forEach(future -> future.complete(null));
    }

    private void subscribedToAll() {
        long deafSince = deafSinceMillis;
        boolean first = subscribed.getCount() > 0;
        deafSinceMillis = -1;
        outage.recovered();
        subscribed.countDown();
        if (first) {
            LOG.info("subscribed to Redis channel {}", channel);
        } else {
            // Before any further event is handed on: the catch-up comes first, the live events after it.
            try {
                listener.resubscribed(deafSince);
            } catch (RuntimeException e) {
                LOG.error("catching up after the subscription to {} was lost failed", channel, e);
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
    private synchronized void ping() {
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

    private void disconnect() {
        SubscribedConnection current = connection;
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

    private static String text(Object part) {
        return part instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(part);
    }
}
