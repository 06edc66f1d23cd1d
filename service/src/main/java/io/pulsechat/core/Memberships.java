package io.pulsechat.core;

import java.util.Set;
import java.util.UUID;

public interface Memberships {
    boolean isMember(UUID conversationId, UUID userId);

    /** Every member of the conversation; empty for one that does not exist. */
    Set<UUID> memberIds(UUID conversationId);

    /** Forget what is known of a conversation's members, after they changed. */
    void invalidate(UUID conversationId);
}
