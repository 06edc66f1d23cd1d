package io.pulsechat.ws;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** This node's open sessions, by user and by id. */
public class SessionRegistry {
    private final Map<UUID, Set<ChatSession>> byUser = new ConcurrentHashMap<>();
    private final Map<String, ChatSession> byId = new ConcurrentHashMap<>();

    void add(ChatSession session) {
        byId.put(session.id(), session);
        byUser.computeIfAbsent(session.userId(), k -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void remove(ChatSession session) {
        byId.remove(session.id());
        byUser.computeIfPresent(session.userId(), (k, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    public Set<ChatSession> sessionsOf(UUID userId) {
        return byUser.getOrDefault(userId, Set.of());
    }

    public ChatSession byId(String sessionId) {
        return byId.get(sessionId);
    }

    public Collection<ChatSession> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
