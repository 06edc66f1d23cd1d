package io.pulsechat.redis;

import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import java.util.function.LongSupplier;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether one shard's subscription hears Redis, since when it has not, and why: for /health, the
 * outage log and the catch-up after a gap.
 */
final class ShardHealth {
    private final String name;
    private final LongSupplier clock;
    private final SubscriberMetrics metrics;
    private final OutageLog.Source outage;
    private volatile long lastHeardMillis;
    /** When the current gap began (the last thing heard before it), or -1 while subscribed. */
    private volatile long deafSinceMillis;
    private volatile String lastFailure = "not subscribed yet";

    ShardHealth(String name, LongSupplier clock, SubscriberMetrics metrics) {
        this.name = name;
        this.clock = clock;
        this.metrics = metrics;
        // Logged as Redis's outage: for the operator, Redis is what is missing, whichever connection noticed.
        this.outage = OutageLog.of("redis").source("the subscription to " + name);
        this.deafSinceMillis = clock.getAsLong();
    }

    void heard() {
        lastHeardMillis = clock.getAsLong();
    }

    boolean deaf() {
        return deafSinceMillis >= 0;
    }

    /** The connection failed: a gap begins at the last thing heard, unless one had begun already. */
    void lost(RuntimeException e) {
        if (deafSinceMillis < 0) {
            deafSinceMillis = lastHeardMillis;
        }
        metrics.reconnected();
        lastFailure = e instanceof JedisException jedis ? RedisHealthCheck.describe(jedis) : DependencyErrors.describe(e);
        outage.failed(lastFailure + "; this node delivers nothing that comes through it until it is subscribed again");
    }

    /** Subscribed to everything again: the gap ends; answers when it began. */
    long subscribed() {
        long deafSince = deafSinceMillis;
        deafSinceMillis = -1;
        outage.recovered();
        return deafSince;
    }

    /** Null while the connection is alive; otherwise why it hears no events. */
    String problem(long silenceMillis) {
        if (deafSinceMillis >= 0) {
            return "subscription to " + name + " is down (" + lastFailure + ")";
        }
        long silent = clock.getAsLong() - lastHeardMillis;
        return silent > silenceMillis ? "subscription to " + name + " silent for " + silent + " ms" : null;
    }
}
