package io.pulsechat.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.EventRoutes;
import io.pulsechat.core.Events;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterCommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Publishes each event on the sharded channels of its topics ({@link EventRoutes}): only the nodes that
 * subscribed to one of them receive it. An event for several topics (a storing batch of many
 * conversations, a presence change told to many friends) goes out in one pipelined round trip (on a
 * Redis Cluster, one per master that serves some of its channels).
 * Pub/sub is fire-and-forget: a node that misses one recovers by `sync`.
 */
public class EventPublisher implements Events {
    private final UnifiedJedis redis;
    private final Channels channels;
    private final ObjectMapper json;

    public EventPublisher(UnifiedJedis redis, Channels channels, ObjectMapper json) {
        this.redis = redis;
        this.channels = channels;
        this.json = json;
    }

    @Override
    public void publish(BusEvent event) {
        List<EventRoutes.Routed> routes = EventRoutes.of(event);
        if (routes.size() == 1) {
            String channel = channels.of(routes.get(0).topic());
            // The channel is also the key: a cluster client sends the command to the master of its slot.
            redis.sendCommand(channel, Protocol.Command.SPUBLISH, channel, encode(routes.get(0).event()));
            return;
        }
        try (AbstractPipeline pipeline = redis.pipelined()) {
            List<Response<Object>> replies = new ArrayList<>(routes.size());
            for (EventRoutes.Routed route : routes) {
                // The channel as the key: a cluster's pipeline sends each command to the master of its slot.
                replies.add(pipeline.sendCommand(new ClusterCommandArguments(Protocol.Command.SPUBLISH)
                        .key(channels.of(route.topic())).add(encode(route.event()))));
            }
            pipeline.sync();
            // A reply that is an error throws here, like the single publish above.
            replies.forEach(Response::get);
        }
    }

    private String encode(BusEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }
}
