package io.pulsechat.compat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.core.Memberships;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans what a CONNECT recovers, from the state {@link RecoveryStore} holds ({@link RecoverySaver}
 * saves it there). A known `pid` of the same user recovers, with or without an `offset` (Socket.IO's
 * own server needs the offset; this frontend never JOINs again, so a socket that had received nothing
 * yet would stay deaf). Rooms the user has left are not given back, and each room replays at most its
 * newest `replayLimit` messages.
 */
final class RecoveryPlanner {
    /** The recovered state, if any, and why: for the connect's log line. */
    record Outcome(Optional<SessionState> state, String why) {}

    private final RecoveryStore store;
    private final Memberships memberships;
    private final int replayLimit;

    RecoveryPlanner(RecoveryStore store, Memberships memberships, int replayLimit) {
        this.store = store;
        this.memberships = memberships;
        this.replayLimit = replayLimit;
    }

    Outcome plan(JsonNode auth, UUID userId) {
        if (auth == null || !auth.path("pid").isTextual()) {
            return fresh("no pid: a new page or a client without recovery");
        }
        UUID pid;
        try {
            pid = UUID.fromString(auth.get("pid").asText());
        } catch (IllegalArgumentException e) {
            return fresh("pid is not one of ours");
        }
        Optional<SessionState> old = store.claim(pid, userId);
        if (old.isEmpty()) {
            return fresh("pid " + pid + " unknown, expired (compat.recoveryWindow), closed by the client, or of another user");
        }
        String offset = auth.path("offset").isTextual() ? auth.get("offset").asText() : null;
        Map<UUID, Long> positions = stillMember(userId, old.get().positionsAfter(SessionState.Offset.parse(offset)));
        Map<UUID, Long> last = positions.isEmpty() ? Map.of() : store.lastSeqs(positions.keySet());
        long missed = 0;
        long beyondLimit = 0;
        for (Map.Entry<UUID, Long> room : positions.entrySet()) {
            long behind = Math.max(0, last.getOrDefault(room.getKey(), room.getValue()) - room.getValue());
            missed += Math.min(behind, replayLimit);
            if (behind > replayLimit) {
                beyondLimit += behind - replayLimit;
                room.setValue(last.get(room.getKey()) - replayLimit);
            }
        }
        String why = "pid " + pid + (offset == null ? " without an offset" : " at offset " + offset) + ", "
                + positions.size() + " rooms, up to " + missed + " missed messages to replay"
                + (beyondLimit > 0 ? ", " + beyondLimit + " older ones beyond compat.recoveryReplayLimit left to history" : "");
        SessionState state = old.get();
        return new Outcome(Optional.of(new SessionState(pid, state.sid(), userId, state.generation(), positions,
                stillMember(userId, state.joined()), List.of())), why);
    }

    private static Outcome fresh(String why) {
        return new Outcome(Optional.empty(), why);
    }

    /** A room the user has left since is not given back. */
    private Map<UUID, Long> stillMember(UUID userId, Map<UUID, Long> positions) {
        Map<UUID, Long> kept = new HashMap<>(positions);
        kept.keySet().removeIf(room -> !memberships.isMember(room, userId));
        return kept;
    }
}
