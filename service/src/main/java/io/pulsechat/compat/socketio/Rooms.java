package io.pulsechat.compat.socketio;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** This node's Socket.IO sockets, by sid and by the conversations (rooms) they joined. */
final class Rooms {
    private final Map<String, CompatSocket> bySid = new ConcurrentHashMap<>();
    private final Map<UUID, Set<CompatSocket>> byRoom = new ConcurrentHashMap<>();
    private final Map<UUID, Set<CompatSocket>> byUser = new ConcurrentHashMap<>();

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

    void join(CompatSocket socket, UUID room) {
        byRoom.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void leave(CompatSocket socket, UUID room) {
        byRoom.computeIfPresent(room, (r, sockets) -> {
            sockets.remove(socket);
            return sockets.isEmpty() ? null : sockets;
        });
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
        byRoom.keySet().forEach(room -> leave(socket, room));
    }
}
