package io.pulsechat.redis;

import java.util.Collection;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;

/**
 * A connection in subscribed mode: commands are written by whichever thread changes the subscriptions
 * (each batch in one write), replies are read by the subscriber's thread alone. Jedis' own sharded
 * pub/sub client neither pings nor lets another thread add channels while it reads, which is what a
 * node whose sessions come and go needs.
 */
final class SubscribedConnection extends Connection {
    SubscribedConnection(HostAndPort address, JedisClientConfig config) {
        super(address, config);
    }

    /** One command per channel: on Redis Cluster a command may only name channels of one hash slot. */
    void send(Protocol.Command command, Collection<String> channels) {
        for (String channel : channels) {
            sendCommand(command, channel);
        }
    }

    void sendNow() {
        flush();
    }
}
