package io.pulsechat.redis;

import io.pulsechat.core.Topic;
import java.util.UUID;

/**
 * The Redis channel of each topic: one sharded channel (SPUBLISH / SSUBSCRIBE) per conversation and
 * per user, and the nodes' own channel. Each channel is one key, so on Redis Cluster it lives in one
 * hash slot and every command names a single channel; Redis 7 standalone accepts the same commands.
 */
public final class Channels {
    private static final String CONVERSATION = "pulsechat:c:";
    private static final String USER = "pulsechat:u:";

    private final String nodes;

    /** {@code nodes}: the channel every node hears (`redis.channel`). */
    public Channels(String nodes) {
        this.nodes = nodes;
    }

    public String nodes() {
        return nodes;
    }

    public String of(Topic topic) {
        return switch (topic.kind()) {
            case CONVERSATION -> CONVERSATION + topic.id();
            case USER -> USER + topic.id();
            case NODES -> nodes;
        };
    }

    /** The topic of a channel this node subscribed to. */
    public Topic topic(String channel) {
        if (channel.startsWith(CONVERSATION)) {
            return Topic.conversation(UUID.fromString(channel.substring(CONVERSATION.length())));
        }
        if (channel.startsWith(USER)) {
            return Topic.user(UUID.fromString(channel.substring(USER.length())));
        }
        if (channel.equals(nodes)) {
            return Topic.NODES;
        }
        throw new IllegalArgumentException("not a PulseChat channel: " + channel);
    }
}
