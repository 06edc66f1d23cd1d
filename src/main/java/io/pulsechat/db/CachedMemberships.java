package io.pulsechat.db;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pulsechat.core.Memberships;
import java.time.Duration;
import java.util.UUID;

/**
 * Membership checks for the send path, cached per conversation member. Membership changes
 * invalidate a conversation on every node; the expiry bounds what a missed invalidation costs.
 */
public class CachedMemberships implements Memberships {
    private record Key(UUID conversationId, UUID userId) {}

    private final MemberDao members;
    private final Cache<Key, Boolean> cache = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();

    public CachedMemberships(MemberDao members) {
        this.members = members;
    }

    @Override
    public boolean isMember(UUID conversationId, UUID userId) {
        return cache.get(new Key(conversationId, userId), k -> members.isMember(k.conversationId(), k.userId()));
    }

    @Override
    public void invalidate(UUID conversationId) {
        cache.asMap().keySet().removeIf(k -> k.conversationId().equals(conversationId));
    }
}
