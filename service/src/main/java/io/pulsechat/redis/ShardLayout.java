package io.pulsechat.redis;

import redis.clients.jedis.HostAndPort;

/**
 * Where the subscription's connections go. Sharded pub/sub delivers a channel's events only from the
 * master that serves the channel's hash slot, so the node holds one subscribed connection per shard
 * and sends each channel's SSUBSCRIBE to its shard's connection.
 */
interface ShardLayout {
    /** Reads the shards now (at start): how many connections the subscription needs. */
    int load();

    /** The shard a channel belongs to, 0 .. {@link #load()} - 1. */
    int shardOf(String channel);

    /**
     * Where a shard's connection goes now. {@code afterLoss}: the previous connection failed, so the
     * topology is read again first (a failover moves a shard to the replica that took over).
     */
    HostAndPort master(int shard, boolean afterLoss);

    /** The shard in logs and /health. */
    String describe(int shard);
}
