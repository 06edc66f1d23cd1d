package io.pulsechat.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Tuple;

/**
 * The cluster view, shared through Redis: each node writes its snapshot under its own key with a
 * short expiry and adds its id to a sorted set of the nodes seen (scored by when). A node whose key
 * has expired (it died) or was deleted (it stopped) is gone; a node not seen for an hour is forgotten.
 */
final class ClusterBoard {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBoard.class);
    static final String KEY_PREFIX = "pulsechat:console:node:";
    static final String SEEN_KEY = "pulsechat:console:nodes";
    private static final long FORGET_AFTER_MS = 60 * 60 * 1000L;

    private final UnifiedJedis redis;
    private final ObjectMapper json;
    private final String nodeId;
    private final int expirySeconds;
    private final Map<String, NodeSnapshot> lastKnown = new HashMap<>();
    private final Map<String, Long> lastSeen = new HashMap<>();
    private boolean failing;

    ClusterBoard(UnifiedJedis redis, ObjectMapper json, String nodeId, int expirySeconds) {
        this.redis = redis;
        this.json = json;
        this.nodeId = nodeId;
        this.expirySeconds = expirySeconds;
    }

    /** Publishes this node's snapshot and reads everyone's; without Redis, only this node is known to be live. */
    synchronized ClusterView exchange(NodeSnapshot own) {
        long now = own.sample().time();
        lastKnown.put(nodeId, own);
        lastSeen.put(nodeId, now);
        try {
            publish(own, now);
            List<NodeEntry> nodes = read(now);
            recovered();
            return new ClusterView(nodes, ClusterTotals.of(now, nodes), null);
        } catch (RuntimeException e) {
            String error = "cluster view unavailable: " + e;
            if (!failing) {
                failing = true;
                LOG.warn("Console: cannot share node stats through Redis ({}); showing this node only until it is back",
                        e.toString());
            }
            List<NodeEntry> nodes = new ArrayList<>();
            for (String id : lastSeen.keySet().stream().sorted().toList()) {
                nodes.add(new NodeEntry(id, id.equals(nodeId) ? "live" : "unknown", lastSeen.get(id), lastKnown.get(id)));
            }
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

    private List<NodeEntry> read(long now) {
        redis.zremrangeByScore(SEEN_KEY, Double.NEGATIVE_INFINITY, now - FORGET_AFTER_MS);
        List<Tuple> seen = redis.zrangeWithScores(SEEN_KEY, 0, -1);
        if (seen.isEmpty()) {
            return List.of();
        }
        List<String> ids = seen.stream().map(Tuple::getElement).sorted().toList();
        Map<String, Long> seenAt = new HashMap<>();
        seen.forEach(t -> seenAt.put(t.getElement(), (long) t.getScore()));
        List<String> snapshots = redis.mget(ids.stream().map(id -> KEY_PREFIX + id).toArray(String[]::new));
        List<NodeEntry> nodes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String text = snapshots.get(i);
            lastSeen.put(id, seenAt.get(id));
            if (text != null) {
                NodeSnapshot snapshot = parse(text);
                if (snapshot != null) {
                    lastKnown.put(id, snapshot);
                }
                nodes.add(new NodeEntry(id, "live", seenAt.get(id), snapshot));
            } else {
                nodes.add(new NodeEntry(id, "gone", seenAt.get(id), lastKnown.get(id)));
            }
        }
        return nodes;
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("Console: sharing node stats through Redis again");
        }
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
