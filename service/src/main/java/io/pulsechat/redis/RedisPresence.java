package io.pulsechat.redis;

import io.pulsechat.core.Presence;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Presence as leases in Redis: a user is online while some node holds an unexpired lease for them.
 * Each node leases the users it has sessions for and renews the leases well before they expire; a
 * node that dies stops renewing, so its users go offline by expiry. Per user, a sorted set of node
 * ids scored by expiry time; across users, sorted sets of all leases, so that any node can find
 * the expired ones and tell their friends. The scripts run atomically, so exactly one caller sees
 * a user's first lease appear and exactly one sees the last one go.
 *
 * <p>A script's keys must share a hash slot on a Redis Cluster, so the users are spread over
 * {@link #BUCKETS} buckets, each a hash tag ({@code {pulsechat:presence:7}}): a user's set and the lease
 * index of the user's bucket live in one slot, and the buckets spread presence over the masters.
 */
public class RedisPresence implements Presence {
    /** Enough to spread over the masters of any cluster one would run this on; each costs one read a reap. */
    static final int BUCKETS = 16;
    private static final int REAP_BATCH = 200;

    /** Drops expired leases, adds ours; 1 when no live lease was there: the user just came online. */
    private static final String CONNECT = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
            local before = redis.call('ZCARD', KEYS[1])
            redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
            if before == 0 then return 1 end
            return 0""";

    /** Drops our lease; 1 when it was there and no live lease is left: the user just went offline. */
    private static final String DISCONNECT = """
            redis.call('ZREM', KEYS[2], ARGV[3])
            local removed = redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
            if removed == 1 and redis.call('ZCARD', KEYS[1]) == 0 then return 1 end
            return 0""";

    /** Like DISCONNECT for a lease that expired, unless it was renewed or another node took it first. */
    private static final String REAP = """
            local score = redis.call('ZSCORE', KEYS[2], ARGV[3])
            if not score or tonumber(score) > tonumber(ARGV[2]) then return 0 end
            redis.call('ZREM', KEYS[2], ARGV[3])
            local removed = redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
            if removed == 1 and redis.call('ZCARD', KEYS[1]) == 0 then return 1 end
            return 0""";

    private final UnifiedJedis redis;
    private final OutageLog.Source outage = OutageLog.of("redis").source("presence lookups");
    private final String nodeId;
    private final long ttlMillis;
    private final LongSupplier clock;

    public RedisPresence(UnifiedJedis redis, String nodeId, long ttlMillis, LongSupplier clock) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    /** Takes or renews this node's lease of the user; true when the user was offline until now. */
    public boolean connect(UUID userId) {
        long now = clock.getAsLong();
        // The set outlives its leases, so that the expiry of the last one is still seen and told.
        return run(CONNECT, userId, nodeId, Long.toString(now), Long.toString(now + ttlMillis), lease(userId, nodeId),
                Long.toString(2 * ttlMillis));
    }

    /** Gives up this node's lease; true when no other node holds one: the user just went offline. */
    public boolean disconnect(UUID userId) {
        return run(DISCONNECT, userId, nodeId, Long.toString(clock.getAsLong()), lease(userId, nodeId));
    }

    /** Ends leases that their nodes stopped renewing; answers the users who went offline by it. */
    public List<UUID> reapExpired() {
        long now = clock.getAsLong();
        List<UUID> offline = new ArrayList<>();
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            for (String lease : redis.zrangeByScore(leasesKey(bucket), "-inf", Long.toString(now), 0, REAP_BATCH)) {
                int split = lease.indexOf('|');
                UUID userId = UUID.fromString(lease.substring(0, split));
                if (run(REAP, userId, lease.substring(split + 1), Long.toString(now), lease)) {
                    offline.add(userId);
                }
            }
        }
        return offline;
    }

    @Override
    public Set<UUID> online(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        String after = "(" + clock.getAsLong();
        Map<UUID, Response<Long>> live = new LinkedHashMap<>();
        try (var pipeline = redis.pipelined()) {
            for (UUID id : userIds) {
                live.put(id, pipeline.zcount(userKey(id), after, "+inf"));
            }
            pipeline.sync();
            outage.recovered();
        } catch (JedisException e) {
            // Presence decorates answers that PostgreSQL can still give: without Redis, everyone shows offline.
            outage.failed("presence is unknown, users show offline: " + DependencyErrors.describe(e));
            return Set.of();
        }
        Set<UUID> online = new HashSet<>();
        live.forEach((id, count) -> {
            if (count.get() > 0) {
                online.add(id);
            }
        });
        return online;
    }

    private boolean run(String script, UUID userId, String... args) {
        Object result = redis.eval(script, List.of(userKey(userId), leasesKey(bucket(userId))), List.of(args));
        return Long.valueOf(1).equals(result);
    }

    static int bucket(UUID userId) {
        return Math.floorMod(userId.hashCode(), BUCKETS);
    }

    static String userKey(UUID userId) {
        return tag(bucket(userId)) + ":user:" + userId;
    }

    static String leasesKey(int bucket) {
        return tag(bucket) + ":leases";
    }

    private static String tag(int bucket) {
        return "{pulsechat:presence:" + bucket + "}";
    }

    private static String lease(UUID userId, String nodeId) {
        return userId + "|" + nodeId;
    }
}
