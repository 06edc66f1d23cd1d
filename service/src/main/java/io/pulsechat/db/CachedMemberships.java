package io.pulsechat.db;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pulsechat.core.Memberships;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * Each conversation's member set, cached for the send path and the ephemeral events. Membership
 * changes invalidate a conversation on every node; the expiry bounds what a missed invalidation costs.
 */
public class CachedMemberships implements Memberships {
    private final MemberDao members;
    private final Cache<UUID, Set<UUID>> cache = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();

    public CachedMemberships(MemberDao members) {
        this.members = members;
    }

    @Override
    public boolean isMember(UUID conversationId, UUID userId) {
        return memberIds(conversationId).contains(userId);
    }

    @Override
    public Set<UUID> memberIds(UUID conversationId) {
        return cache.get(conversationId, id -> Set.copyOf(members.memberIds(id)));
    }

    @Override
    public void invalidate(UUID conversationId) {
        cache.invalidate(conversationId);
    }
}
