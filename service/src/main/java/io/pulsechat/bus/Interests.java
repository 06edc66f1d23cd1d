package io.pulsechat.bus;

import io.dropwizard.lifecycle.Managed;
import io.pulsechat.core.Interest;
import io.pulsechat.core.Topic;
import io.pulsechat.redis.Channels;
import io.pulsechat.redis.Subscriptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts what needs each topic on this node, and keeps the subscription to exactly those topics.
 * A topic is subscribed to when its first holder comes; it is dropped only once nobody has held or
 * touched it for {@code lingerMillis}, and the drops are swept together once a second, in one
 * write: a user who reconnects or a room that is left and joined again costs no churn.
 */
public class Interests implements Interest, Managed {
    private static final long SWEEP_MILLIS = 1000;

    private static final class Entry {
        int holds;
        long keepUntil;
    }

    private final Subscriptions subscriber;
    private final Channels channels;
    private final long lingerMillis;
    private final LongSupplier clock;
    /** Guarded by this; the subscriber is called under it too, so a drop never overtakes a new hold. */
    private final Map<Topic, Entry> entries = new HashMap<>();
    private ScheduledExecutorService sweeper;

    public Interests(Subscriptions subscriber, Channels channels, long lingerMillis, LongSupplier clock) {
        this.subscriber = subscriber;
        this.channels = channels;
        this.lingerMillis = lingerMillis;
        this.clock = clock;
    }

    @Override
    public synchronized CompletableFuture<Void> hold(Collection<Topic> topics) {
        if (topics.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> names = new ArrayList<>(topics.size());
        for (Topic topic : topics) {
            entries.computeIfAbsent(topic, t -> new Entry()).holds++;
            names.add(channels.of(topic));
        }
        return subscriber.subscribe(names);
    }

    @Override
    public synchronized void release(Collection<Topic> topics) {
        long until = clock.getAsLong() + lingerMillis;
        for (Topic topic : topics) {
            Entry entry = entries.get(topic);
            if (entry != null && --entry.holds <= 0) {
                entry.holds = 0;
                entry.keepUntil = Math.max(entry.keepUntil, until);
            }
        }
    }

    @Override
    public synchronized CompletableFuture<Void> touch(Topic topic) {
        Entry entry = entries.computeIfAbsent(topic, t -> new Entry());
        entry.keepUntil = Math.max(entry.keepUntil, clock.getAsLong() + lingerMillis);
        return subscriber.subscribe(List.of(channels.of(topic)));
    }

    /** Topics held or kept now, for the metrics. */
    public synchronized int size() {
        return entries.size();
    }

    /** Drops, in one write, every topic nobody has needed for the linger time. */
    synchronized void sweep() {
        long now = clock.getAsLong();
        List<String> drop = new ArrayList<>();
        for (Iterator<Map.Entry<Topic, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Topic, Entry> e = it.next();
            if (e.getValue().holds == 0 && e.getValue().keepUntil <= now) {
                drop.add(channels.of(e.getKey()));
                it.remove();
            }
        }
        if (!drop.isEmpty()) {
            subscriber.unsubscribe(drop);
        }
    }

    @Override
    public void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-unsubscriber");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        sweeper.shutdownNow();
    }
}
