package io.pulsechat.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one node knows of the others, whether Redis can be read or not: when each was last seen and
 * whether it was live then. Decides each node's status in the view:
 * <ul>
 *   <li>{@code live}: its snapshot is in Redis now (or it is this node);</li>
 *   <li>{@code gone}: seen within the hour, but its snapshot has expired or was withdrawn, or Redis
 *       forgot it (a restart) and this node remembers it;</li>
 *   <li>{@code unknown}: Redis cannot be read, and the node was live when it last could: it may have
 *       died since. Shown without figures: its last ones would claim it is well.</li>
 * </ul>
 * Only a live node carries a snapshot; a node not seen for an hour is forgotten. Pure: no Redis, no clock.
 */
final class ClusterMemory {
    static final long FORGET_AFTER_MS = 60 * 60 * 1000L;

    /** One node as Redis holds it: when it was last seen, whether its snapshot key exists, and that snapshot if readable. */
    record Shared(long lastSeen, boolean live, NodeSnapshot snapshot) {}

    private record Known(long lastSeen, boolean live) {}

    private final String nodeId;
    private final Map<String, Known> known = new HashMap<>();

    ClusterMemory(String nodeId) {
        this.nodeId = nodeId;
    }

    /** The view from what Redis holds now, merged with the nodes this node remembers and Redis does not. */
    List<NodeEntry> read(long now, NodeSnapshot own, Map<String, Shared> shared) {
        forget(now);
        known.put(nodeId, new Known(now, true));
        Map<String, NodeEntry> view = new TreeMap<>();
        for (Map.Entry<String, Shared> entry : shared.entrySet()) {
            String id = entry.getKey();
            Shared node = entry.getValue();
            if (id.equals(nodeId) || node.lastSeen() < now - FORGET_AFTER_MS) {
                continue;
            }
            long lastSeen = Math.max(node.lastSeen(), lastSeenOf(id));
            known.put(id, new Known(lastSeen, node.live()));
            view.put(id, node.live() ? new NodeEntry(id, "live", lastSeen, node.snapshot())
                    : new NodeEntry(id, "gone", lastSeen, null));
        }
        for (Map.Entry<String, Known> entry : known.entrySet()) {
            if (!view.containsKey(entry.getKey()) && !entry.getKey().equals(nodeId)) {
                // Redis forgot it (a restart, a flush): its snapshot is gone with the rest, so it is gone.
                known.put(entry.getKey(), new Known(entry.getValue().lastSeen(), false));
                view.put(entry.getKey(), new NodeEntry(entry.getKey(), "gone", entry.getValue().lastSeen(), null));
            }
        }
        view.put(nodeId, new NodeEntry(nodeId, "live", now, own));
        return new ArrayList<>(view.values());
    }

    /** The view while Redis cannot be read: this node live, the gone still gone, the others unknown. */
    List<NodeEntry> unreadable(long now, NodeSnapshot own) {
        forget(now);
        known.put(nodeId, new Known(now, true));
        Map<String, NodeEntry> view = new TreeMap<>();
        for (Map.Entry<String, Known> entry : known.entrySet()) {
            String id = entry.getKey();
            Known node = entry.getValue();
            view.put(id, id.equals(nodeId) ? new NodeEntry(id, "live", now, own)
                    : new NodeEntry(id, node.live() ? "unknown" : "gone", node.lastSeen(), null));
        }
        return new ArrayList<>(view.values());
    }

    /** The remembered nodes, with when they were last seen, that are not among {@code ids}. */
    Map<String, Long> missingFrom(Collection<String> ids) {
        Map<String, Long> missing = new HashMap<>();
        known.forEach((id, node) -> {
            if (!ids.contains(id) && !id.equals(nodeId)) {
                missing.put(id, node.lastSeen());
            }
        });
        return missing;
    }

    private long lastSeenOf(String id) {
        Known node = known.get(id);
        return node == null ? Long.MIN_VALUE : node.lastSeen();
    }

    private void forget(long now) {
        known.values().removeIf(node -> node.lastSeen() < now - FORGET_AFTER_MS);
    }
}
