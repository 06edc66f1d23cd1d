package io.pulsechat.core;

import java.util.UUID;

/** `typing` goes to the other members through the bus only: nothing is stored, nothing is queued. */
public class TypingNotices {
    private final Memberships memberships;
    private final RateLimiter<UUID> limiter;
    private final Events events;

    public TypingNotices(Memberships memberships, RateLimiter<UUID> limiter, Events events) {
        this.memberships = memberships;
        this.limiter = limiter;
        this.events = events;
    }

    public void typing(UUID userId, UUID conversationId) {
        if (!memberships.isMember(conversationId, userId)) {
            throw ChatException.notFound("conversation");
        }
        if (!limiter.tryAcquire(userId)) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "too many typing notices; slow down");
        }
        var others = memberships.memberIds(conversationId).stream().filter(id -> !id.equals(userId)).toList();
        try {
            events.publish(new BusEvent.Typing(conversationId, userId, others));
        } catch (RuntimeException e) {
            throw new ChatException(ErrorCode.UNAVAILABLE, "typing notices are unavailable; retry");
        }
    }
}
