package io.pulsechat.core;

import java.util.UUID;

public interface Memberships {
    boolean isMember(UUID conversationId, UUID userId);

    /** Forget what is known of a conversation's members, after they changed. */
    void invalidate(UUID conversationId);
}
