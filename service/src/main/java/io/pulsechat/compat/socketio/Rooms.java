package io.pulsechat.compat.socketio;

import io.pulsechat.core.Interest;
import io.pulsechat.core.Topic;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * This node's Socket.IO sockets, by sid and by the conversations (rooms) they joined. Each socket in a
 * room holds the conversation's topic, so this node hears the room's messages while it has a socket in it.
 */
final class Rooms {
    private final Interest interest;
    private final long waitMillis;
    private final Map<String, CompatSocket> bySid = new ConcurrentHashMap<>();
    private final Map<UUID, Set<CompatSocket>> byRoom = new ConcurrentHashMap<>();
    private final Map<UUID, Set<CompatSocket>> byUser = new ConcurrentHashMap<>();

    /** {@code waitMillis}: how long {@link #awaitHeard} waits for a frozen bus before going on. */
    Rooms(Interest interest, long waitMillis) {
        this.interest = interest;
        this.waitMillis = waitMillis;
    }

    void add(CompatSocket socket) {
        byUser.computeIfAbsent(socket.userId(), u -> ConcurrentHashMap.newKeySet()).add(socket);
        CompatSocket previous = bySid.put(socket.sid(), socket);
        if (previous != null && previous != socket) {
            // A recovery took over this sid while the old transport was still open here.
            remove(previous);
            previous.close();
        }
    }

    void remove(CompatSocket socket) {
        bySid.remove(socket.sid(), socket);
        byUser.computeIfPresent(socket.userId(), (u, sockets) -> {
            sockets.remove(socket);
            return sockets.isEmpty() ? null : sockets;
        });
        removeFromRooms(socket);
    }

    /** Completes once this node hears the room (see {@link #awaitHeard}). */
    CompletableFuture<Void> join(CompatSocket socket, UUID room) {
        if (byRoom.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socket)) {
            return interest.hold(List.of(Topic.conversation(room)));
        }
        return CompletableFuture.completedFuture(null);
    }

    void leave(CompatSocket socket, UUID room) {
        boolean[] left = {false};
        byRoom.computeIfPresent(room, (r, sockets) -> {
            left[0] = sockets.remove(socket);
            return sockets.isEmpty() ? null : sockets;
        });
        if (left[0]) {
            interest.release(List.of(Topic.conversation(room)));
        }
    }

    /**
     * Before a room's history is read for a socket: once this node hears the room, every message after
     * what is read comes live. A bus that is frozen does not hold the socket up beyond the wait: the
     * subscription's own deadline then tears it down, and the catch-up after it covers the gap.
     */
    void awaitHeard(Collection<CompletableFuture<Void>> joins) {
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, waitMillis, TimeUnit.MILLISECONDS)
                .join();
    }

    Set<CompatSocket> in(UUID room) {
        return byRoom.getOrDefault(room, Set.of());
    }

    CompatSocket bySid(String sid) {
        return bySid.get(sid);
    }

    Collection<CompatSocket> all() {
        return bySid.values();
    }

    int size() {
        return bySid.size();
    }

    int countOf(UUID userId) {
        return byUser.getOrDefault(userId, Set.of()).size();
    }

    private void removeFromRooms(CompatSocket socket) {
        List.copyOf(byRoom.keySet()).forEach(room -> leave(socket, room));
    }
}
