package io.pulsechat.redis;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.pulsechat.core.MetricNames;

/** The subscription's meters, shared by its connections: the node's figures, whatever shard an event came from. */
final class SubscriberMetrics {
    private final Meter reconnects;
    private final Meter events;
    private final Meter bytes;

    SubscriberMetrics(MetricRegistry metrics) {
        this.reconnects = metrics.meter(MetricNames.REDIS_SUBSCRIBER_RECONNECTS);
        this.events = metrics.meter(MetricNames.REDIS_SUBSCRIBER_EVENTS);
        this.bytes = metrics.meter(MetricNames.REDIS_SUBSCRIBER_BYTES);
    }

    void received(int size) {
        events.mark();
        bytes.mark(size);
    }

    void reconnected() {
        reconnects.mark();
    }
}
