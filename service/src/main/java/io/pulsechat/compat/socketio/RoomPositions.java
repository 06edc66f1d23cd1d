package io.pulsechat.compat.socketio;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where a socket stands in its rooms: the last seq delivered in each and the seq it was joined at,
 * its recent emissions for recovery, and the rooms whose catch-up paused until the client has taken
 * what is queued. Touched only on the socket's {@link SerialExecutor}, but for {@link #hasPaused}.
 */
final class RoomPositions {
    private final Map<UUID, Long> positions = new HashMap<>();
    private final Map<UUID, Long> joined = new HashMap<>();
    private final ArrayDeque<SessionState.Run> recent = new ArrayDeque<>();
    private final Set<UUID> behind = new HashSet<>();
    private volatile boolean paused;
    private boolean changed;

    RoomPositions(SessionState state) {
        state.recent().forEach(run -> recent.addLast(SessionState.Run.parse(run)));
        positions.putAll(state.positions());
        joined.putAll(state.joined());
    }

    Set<UUID> rooms() {
        return Set.copyOf(positions.keySet());
    }

    /** The last seq delivered in the room, or null when the socket is not in it. */
    Long position(UUID room) {
        return positions.get(room);
    }

    void join(UUID room, long lastSeq) {
        if (positions.putIfAbsent(room, lastSeq) == null) {
            joined.put(room, lastSeq);
            changed = true;
        }
    }

    void leave(UUID room) {
        positions.remove(room);
        joined.remove(room);
        behind.remove(room);
        paused = !behind.isEmpty();
        changed = true;
    }

    /** Advances the room's position without an emission (a deleted message keeps its seq). */
    void skip(UUID room, long seq) {
        positions.computeIfPresent(room, (r, at) -> Math.max(at, seq));
        changed = true;
    }

    /** The message of this seq was emitted in the room: runs of consecutive ones are kept as one. */
    void emitted(UUID room, long seq) {
        positions.put(room, seq);
        SessionState.Run last = recent.peekLast();
        if (last != null && last.room().equals(room) && seq > last.to()) {
            recent.removeLast();
            recent.addLast(new SessionState.Run(room, last.from(), seq));
        } else {
            recent.addLast(new SessionState.Run(room, seq, seq));
            if (recent.size() > SessionState.RECENT_RUNS) {
                recent.removeFirst();
            }
        }
        changed = true;
    }

    void pause(UUID room) {
        behind.add(room);
        paused = true;
    }

    boolean isBehind(UUID room) {
        return behind.contains(room);
    }

    /** The rooms whose catch-up was paused; they are no longer marked. */
    Set<UUID> resumeAll() {
        Set<UUID> rooms = Set.copyOf(behind);
        behind.clear();
        paused = false;
        return rooms;
    }

    /** Safe from any thread. */
    boolean hasPaused() {
        return paused;
    }

    SessionState snapshot(UUID pid, String sid, UUID userId, int generation) {
        changed = false;
        return new SessionState(pid, sid, userId, generation, new HashMap<>(positions), new HashMap<>(joined),
                recent.stream().map(SessionState.Run::toString).toList());
    }

    boolean changed() {
        return changed;
    }

    /** The last snapshot was not saved: the next periodic save takes this socket again. */
    void markChanged() {
        changed = true;
    }
}
