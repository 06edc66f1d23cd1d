package io.pulsechat.ws;

import io.dropwizard.lifecycle.Managed;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.Events;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import io.pulsechat.health.Trace;
import io.pulsechat.redis.RedisPresence;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keeps this node's presence leases and tells friends when a user comes online or goes offline
 * anywhere. One thread does all of it, so the per-user session counts need no locks and a user's
 * opens and closes reach Redis in the order they happened here.
 */
public class PresenceTracker implements Managed {

    private final RedisPresence presence;
    private final Function<UUID, List<UUID>> friendsOf;
    private final Events events;
    private final long refreshMillis;
    private final OutageLog.Source redisOutage = OutageLog.of("redis").source("presence");
    private final Map<UUID, Integer> sessionCounts = new HashMap<>();
    private ScheduledExecutorService thread;

    public PresenceTracker(RedisPresence presence, Function<UUID, List<UUID>> friendsOf, Events events,
                           long refreshMillis) {
        this.presence = presence;
        this.friendsOf = friendsOf;
        this.events = events;
        this.refreshMillis = refreshMillis;
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "presence");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::refresh, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
    }

    /** Lets this node's users go at once rather than at expiry: their friends hear now. */
    @Override
    public void stop() throws InterruptedException {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = thread;
            if (stopping == null) {
                return;
            }
            run("release leases", () -> {
                sessionCounts.keySet().forEach(this::release);
                sessionCounts.clear();
            });
            stopping.shutdown();
        }
        stopping.awaitTermination(10, TimeUnit.SECONDS);
    }

    public void opened(UUID userId) {
        run("connect " + userId, () -> {
            if (sessionCounts.merge(userId, 1, Integer::sum) == 1 && presence.connect(userId)) {
                announce(userId, true);
            }
        });
    }

    public void closed(UUID userId) {
        run("disconnect " + userId, () -> {
            if (sessionCounts.computeIfPresent(userId, (k, n) -> n == 1 ? null : n - 1) == null) {
                release(userId);
            }
        });
    }

    private void release(UUID userId) {
        if (presence.disconnect(userId)) {
            announce(userId, false);
        }
    }

    /** Renews the leases (one lost to a long pause comes back with an `online`), then ends the dead nodes' ones. */
    private void refresh() {
        var traced = new Trace.Periodic();
        traced.begin();
        traced.task = "presence refresh";
        try {
            for (UUID userId : sessionCounts.keySet()) {
                if (presence.connect(userId)) {
                    announce(userId, true);
                }
            }
            presence.reapExpired().forEach(userId -> announce(userId, false));
            redisOutage.recovered();
        } catch (RuntimeException e) {
            redisOutage.failed("renewing presence leases failed: " + DependencyErrors.describe(e));
        } finally {
            traced.commit();
        }
    }

    private void announce(UUID userId, boolean online) {
        List<UUID> friends = friendsOf.apply(userId);
        if (!friends.isEmpty()) {
            events.publish(new BusEvent.PresenceChanged(userId, online, friends));
        }
    }

    /** After stop, sessions that close are already released with the node's other leases. */
    private synchronized void run(String what, Runnable task) {
        if (thread == null || thread.isShutdown()) {
            return;
        }
        thread.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                redisOutage.failed(what + " failed: " + DependencyErrors.describe(e));
            }
        });
    }
}
