package io.pulsechat.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster's shards, read from the cluster client's slot map: a shard is the set of slots one
 * master served at start. A failover keeps the slots together (the replica takes over all of them), so
 * a shard's connection only has to find its new master; the slot map is read again for that.
 */
final class ClusterLayout implements ShardLayout {
    private static final int SLOTS = 16384;

    private final ClusterConnectionProvider cluster;
    /** The shard of each slot. */
    private final int[] shardOfSlot = new int[SLOTS];
    /** One slot of each shard, to ask who its master is now. */
    private final List<Integer> firstSlots = new ArrayList<>();

    ClusterLayout(ClusterConnectionProvider cluster) {
        this.cluster = cluster;
    }

    @Override
    public synchronized int load() {
        cluster.renewSlotCache();
        Map<HostAndPort, Integer> shards = new HashMap<>();
        firstSlots.clear();
        for (int slot = 0; slot < SLOTS; slot++) {
            HostAndPort master = cluster.getNode(slot);
            if (master == null) {
                throw new IllegalStateException("Redis Cluster slot " + slot + " has no master (is every slot assigned?)");
            }
            int finalSlot = slot;
            shardOfSlot[slot] = shards.computeIfAbsent(master, m -> {
                firstSlots.add(finalSlot);
                return firstSlots.size() - 1;
            });
        }
        return firstSlots.size();
    }

    @Override
    public synchronized int shardOf(String channel) {
        return shardOfSlot[JedisClusterCRC16.getSlot(channel)];
    }

    @Override
    public HostAndPort master(int shard, boolean afterLoss) {
        if (afterLoss) {
            cluster.renewSlotCache();
        }
        int slot = firstSlot(shard);
        HostAndPort master = cluster.getNode(slot);
        if (master == null) {
            throw new IllegalStateException("Redis Cluster slot " + slot + " has no master now");
        }
        return master;
    }

    /**
     * PING to the master of every shard, as the slot map has it now: "PONG" when each answers. Not Jedis'
     * own cluster PING, which goes to every node it ever knew, dead ones included.
     */
    String pingMasters() {
        int shards = shardCount();
        for (int shard = 0; shard < shards; shard++) {
            try (Connection connection = cluster.getConnectionFromSlot(firstSlot(shard))) {
                if (!connection.ping()) {
                    return "no PONG from the master of " + describe(shard);
                }
            } catch (JedisException e) {
                throw new JedisConnectionException("the master of " + describe(shard) + ": " + e.getMessage(), e);
            }
        }
        return "PONG";
    }

    @Override
    public String describe(int shard) {
        return "the Redis Cluster shard of slot " + firstSlot(shard);
    }

    private synchronized int shardCount() {
        return firstSlots.size();
    }

    private synchronized int firstSlot(int shard) {
        return firstSlots.get(shard);
    }
}
