package io.pulsechat.compat.socketio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a Socket.IO session needs to be recovered: its rooms with the last seq delivered in each,
 * and the offsets of its latest emissions, oldest first.
 */
record SessionState(UUID pid, String sid, UUID userId, int generation, Map<UUID, Long> positions, List<String> recent) {
    static String offset(UUID conversationId, long seq) {
        return conversationId + ":" + seq;
    }

    /**
     * The positions the client really holds, given the last offset it received: every emission after
     * that offset may have been lost on the dying transport, so its conversation goes back before it.
     * An offset we no longer know rolls back every recent emission (a repeat is better than a loss).
     */
    Map<UUID, Long> positionsAfter(String clientOffset) {
        Map<UUID, Long> result = new HashMap<>(positions);
        int from = recent.lastIndexOf(clientOffset) + 1;
        for (String lost : new ArrayList<>(recent.subList(from, recent.size()))) {
            int colon = lost.lastIndexOf(':');
            UUID conversationId = UUID.fromString(lost.substring(0, colon));
            long seq = Long.parseLong(lost.substring(colon + 1));
            result.computeIfPresent(conversationId, (c, delivered) -> Math.min(delivered, seq - 1));
        }
        return result;
    }
}
