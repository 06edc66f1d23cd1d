package io.pulsechat.redis;

import redis.clients.jedis.HostAndPort;

/** A standalone Redis (or a primary endpoint): one shard, one connection, every channel on it. */
final class OneServer implements ShardLayout {
    private final HostAndPort address;
    private final String name;

    /** {@code name}: the subscription in logs and /health, as operators know it (the nodes' channel). */
    OneServer(HostAndPort address, String name) {
        this.address = address;
        this.name = name;
    }

    @Override
    public int load() {
        return 1;
    }

    @Override
    public int shardOf(String channel) {
        return 0;
    }

    @Override
    public HostAndPort master(int shard, boolean afterLoss) {
        return address;
    }

    @Override
    public String describe(int shard) {
        return name;
    }
}
