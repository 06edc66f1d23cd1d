package io.pulsechat.ws;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's sessions, by user and by id, once each is ready; and how many connections each user has
 * open, counted from the moment each opens (before `ready`), which is what `abuse.sessionsPerUser` bounds.
 */
public class SessionRegistry {
    private final Map<UUID, Set<ChatSession>> byUser = new ConcurrentHashMap<>();
    private final Map<String, ChatSession> byId = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> openByUser = new ConcurrentHashMap<>();

    /** Counts one more open connection of this user, unless it already has {@code limit}: then false, and nothing is counted. */
    boolean tryOpen(UUID userId, int limit) {
        boolean[] counted = {false};
        openByUser.compute(userId, (k, open) -> {
            int now = open == null ? 0 : open;
            if (now >= limit) {
                return open;
            }
            counted[0] = true;
            return now + 1;
        });
        return counted[0];
    }

    /** A connection counted by {@link #tryOpen} has closed. */
    void closeOpened(UUID userId) {
        openByUser.computeIfPresent(userId, (k, open) -> open <= 1 ? null : open - 1);
    }

    /** This user's open connections on this node, ready or not yet. */
    public int openOf(UUID userId) {
        return openByUser.getOrDefault(userId, 0);
    }

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
