package io.pulsechat.redis;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;

/** The subscription's meters, shared by its connections: the node's figures, whatever shard an event came from. */
final class SubscriberMetrics {
    private final Meter reconnects;
    private final Meter events;
    private final Meter bytes;

    SubscriberMetrics(MetricRegistry metrics) {
        this.reconnects = metrics.meter("redis.subscriber.reconnects");
        this.events = metrics.meter("redis.subscriber.events");
        this.bytes = metrics.meter("redis.subscriber.bytes");
    }

    void received(int size) {
        events.mark();
        bytes.mark(size);
    }

    void reconnected() {
        reconnects.mark();
    }
}
