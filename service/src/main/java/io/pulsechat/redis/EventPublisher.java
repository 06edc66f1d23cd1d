package io.pulsechat.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.Events;
import redis.clients.jedis.UnifiedJedis;

/** Publishes events to every node. Pub/sub is fire-and-forget: a node that misses one recovers by `sync`. */
public class EventPublisher implements Events {
    private final UnifiedJedis redis;
    private final String channel;
    private final ObjectMapper json;

    public EventPublisher(UnifiedJedis redis, String channel, ObjectMapper json) {
        this.redis = redis;
        this.channel = channel;
        this.json = json;
    }

    @Override
    public void publish(BusEvent event) {
        try {
            redis.publish(channel, json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }
}
