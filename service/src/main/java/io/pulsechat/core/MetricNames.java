package io.pulsechat.core;

/**
 * The names of the node's metrics, in one place: the code that records them, the console that
 * reads them and README's list of metrics (which operators' dashboards use) must agree.
 */
public final class MetricNames {
    private MetricNames() {}

    // The message pipeline, from a send to its deliveries.
    public static final String MESSAGES_RECEIVED = "messages.received";
    public static final String MESSAGES_PRODUCED = "messages.produced";
    public static final String MESSAGES_PERSISTED = "messages.persisted";
    public static final String MESSAGES_STORE_FAILURES = "messages.store-failures";
    public static final String MESSAGES_STORE_BATCH = "messages.store-batch";
    public static final String MESSAGES_BATCH_SIZE = "messages.batch-size";
    public static final String MESSAGES_DELIVERED = "messages.delivered";
    public static final String MESSAGES_LATENCY = "messages.latency";

    // Kafka's storing consumers.
    public static final String KAFKA_CONSUMER_LAG = "kafka.consumer.lag";
    public static final String KAFKA_CONSUMER_PARTITIONS = "kafka.consumer.partitions";

    // Redis pub/sub.
    public static final String REDIS_SUBSCRIBER_TOPICS = "redis.subscriber.topics";
    public static final String REDIS_SUBSCRIBER_RECONNECTS = "redis.subscriber.reconnects";
    public static final String REDIS_SUBSCRIBER_EVENTS = "redis.subscriber.events";
    public static final String REDIS_SUBSCRIBER_BYTES = "redis.subscriber.bytes";
    public static final String REDIS_SUBSCRIBER_CHANNELS = "redis.subscriber.channels";

    // Client connections.
    public static final String WEBSOCKET_SESSIONS = "websocket.sessions";
    public static final String SOCKETIO_SOCKETS = "socketio.sockets";
    public static final String SOCKETIO_CONNECTS_RECOVERED = "socketio.connects.recovered";
    public static final String SOCKETIO_CONNECTS_FRESH = "socketio.connects.fresh";
    public static final String SOCKETIO_DISCONNECTS_SLOW = "socketio.disconnects.slow";
}
