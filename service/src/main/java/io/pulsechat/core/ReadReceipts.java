package io.pulsechat.core;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Read positions, for the REST route and the `read` frame alike. */
public class ReadReceipts {
    /** Moves a member's last read seq forward; the new value when it moved, empty when it did not. */
    public interface Marks {
        Optional<Long> advance(UUID conversationId, UUID userId, long seq);
    }

    private final Memberships memberships;
    private final Marks marks;
    private final Events events;

    public ReadReceipts(Memberships memberships, Marks marks, Events events) {
        this.memberships = memberships;
        this.marks = marks;
        this.events = events;
    }

    /**
     * A seq past the last message is taken as "everything", so a client never has to know the exact
     * last seq; only a move forward is told to the other members.
     */
    public void markRead(UUID userId, UUID conversationId, long seq) {
        if (seq < 0) {
            throw ChatException.badRequest("seq must be >= 0");
        }
        if (!memberships.isMember(conversationId, userId)) {
            throw ChatException.notFound("conversation");
        }
        marks.advance(conversationId, userId, seq).ifPresent(now ->
                events.publishCommitted(new BusEvent.ReadUpTo(conversationId, userId, now, others(conversationId, userId))));
    }

    private List<UUID> others(UUID conversationId, UUID userId) {
        return memberships.memberIds(conversationId).stream().filter(id -> !id.equals(userId)).toList();
    }
}
