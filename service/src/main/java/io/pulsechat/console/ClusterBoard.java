package io.pulsechat.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.Tuple;

/**
 * The cluster view, shared through Redis: each node writes its snapshot under its own key with a
 * short expiry and adds its id to a sorted set of the nodes seen (scored by when). A node whose key
 * has expired (it died) or was deleted (it stopped) is gone; a node not seen for an hour is forgotten.
 *
 * <p>Redis keeps none of this across a restart, so what this node has seen is also kept in its own
 * memory ({@link ClusterMemory}): a dead node stays listed for its hour whatever happens to Redis,
 * and is written back to the set of nodes seen, so that a node started after the restart lists it too.
 */
final class ClusterBoard {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBoard.class);
    /** One hash tag for all of them: the view reads every node's snapshot in one MGET, which a Redis Cluster allows within one slot. */
    static final String KEY_PREFIX = "{pulsechat:console}:node:";
    static final String SEEN_KEY = "{pulsechat:console}:nodes";

    private final UnifiedJedis redis;
    private final ObjectMapper json;
    private final String nodeId;
    private final int expirySeconds;
    private final ClusterMemory memory;
    private final OutageLog.Source outage = OutageLog.of("redis").source("the console's cluster view");

    ClusterBoard(UnifiedJedis redis, ObjectMapper json, String nodeId, int expirySeconds) {
        this.redis = redis;
        this.json = json;
        this.nodeId = nodeId;
        this.expirySeconds = expirySeconds;
        this.memory = new ClusterMemory(nodeId);
    }

    /** Publishes this node's snapshot and reads everyone's; without Redis, only this node is known to be live. */
    synchronized ClusterView exchange(NodeSnapshot own) {
        long now = own.sample().time();
        try {
            publish(own, now);
            List<NodeEntry> nodes = memory.read(now, own, readShared(now));
            outage.recovered();
            return new ClusterView(nodes, ClusterTotals.of(now, nodes), null);
        } catch (RuntimeException e) {
            String error = "cluster view unavailable: " + e;
            outage.failed("cannot share node stats: " + DependencyErrors.describe(e) + "; other nodes are shown unknown");
            List<NodeEntry> nodes = memory.unreadable(now, own);
            return new ClusterView(nodes, ClusterTotals.of(now, nodes), error);
        }
    }

    /** Removes this node's snapshot at shutdown, so that the others show it gone at once. */
    synchronized void withdraw() {
        redis.del(KEY_PREFIX + nodeId);
    }

    private void publish(NodeSnapshot own, long now) {
        redis.set(KEY_PREFIX + nodeId, write(own), SetParams.setParams().ex(expirySeconds));
        redis.zadd(SEEN_KEY, now, nodeId);
    }

    /** What Redis holds: every node seen within the hour, with its snapshot if it is live. */
    private Map<String, ClusterMemory.Shared> readShared(long now) {
        redis.zremrangeByScore(SEEN_KEY, Double.NEGATIVE_INFINITY, now - ClusterMemory.FORGET_AFTER_MS);
        List<Tuple> seen = redis.zrangeWithScores(SEEN_KEY, 0, -1);
        // Nodes this node remembers but Redis does not (it restarted): written back, never over a newer score.
        for (Map.Entry<String, Long> remembered : memory.missingFrom(seen.stream().map(Tuple::getElement).toList()).entrySet()) {
            redis.zadd(SEEN_KEY, remembered.getValue(), remembered.getKey(), ZAddParams.zAddParams().nx());
        }
        List<String> ids = seen.stream().map(Tuple::getElement).toList();
        List<String> snapshots = ids.isEmpty() ? List.of()
                : redis.mget(ids.stream().map(id -> KEY_PREFIX + id).toArray(String[]::new));
        Map<String, ClusterMemory.Shared> shared = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String text = snapshots.get(i);
            shared.put(ids.get(i), new ClusterMemory.Shared((long) seen.get(i).getScore(), text != null,
                    text == null ? null : parse(text)));
        }
        return shared;
    }

    private String write(NodeSnapshot snapshot) {
        try {
            return json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the node snapshot", e);
        }
    }

    private NodeSnapshot parse(String text) {
        try {
            return json.readerFor(NodeSnapshot.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(text);
        } catch (JsonProcessingException e) {
            // Another version of the node may publish a different shape: show it as live without figures.
            LOG.debug("unreadable node snapshot, shown without figures: {}", e.toString());
            return null;
        }
    }
}
