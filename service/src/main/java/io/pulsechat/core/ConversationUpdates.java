package io.pulsechat.core;

import io.pulsechat.api.Conversation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells everyone affected that a conversation changed, once the change is committed. This node
 * forgets the members it knew at once; the others do when the event reaches them. The change stands
 * whether or not the news goes out, so a failure here is logged and never fails the request.
 */
public class ConversationUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationUpdates.class);

    /** How conversations are read back for the news (PostgreSQL, in `db`). */
    public interface Views {
        Optional<ConversationSnapshot> snapshot(UUID conversationId);

        /** Without members or last message: what a removed member is told of a group that is gone. */
        Conversation bare(ConversationRow row);
    }

    private final Views views;
    private final Memberships memberships;
    private final Events events;

    public ConversationUpdates(Views views, Memberships memberships, Events events) {
        this.views = views;
        this.memberships = memberships;
        this.events = events;
    }

    /** Created: every member hears, each as one who just joined. */
    public void created(UUID conversationId) {
        tell(conversationId, null);
    }

    /** Renamed or its picture changed: every member hears. */
    public void changed(UUID conversationId) {
        tell(conversationId, List.of());
    }

    /** Someone added: every member hears, the new one as one who just joined. */
    public void added(UUID conversationId, UUID userId) {
        tell(conversationId, List.of(userId));
    }

    /** {@code joined} null: all the members. */
    private void tell(UUID conversationId, List<UUID> joined) {
        memberships.invalidate(conversationId);
        telling(conversationId, () -> views.snapshot(conversationId).ifPresent(s ->
                events.publish(new BusEvent.ConversationUpdated(s.conversation(), s.unreadCounts(), List.of(),
                        joined != null ? joined : List.copyOf(s.unreadCounts().keySet())))));
    }

    /** Someone removed or left: the rest hear as usual, the removed user one last time. */
    public void removed(UUID conversationId, UUID userId, MemberRemoval removal) {
        memberships.invalidate(conversationId);
        telling(conversationId, () -> {
            Optional<ConversationSnapshot> snapshot = removal.deleted() ? Optional.empty()
                    : views.snapshot(conversationId);
            Conversation conversation = snapshot.map(ConversationSnapshot::conversation)
                    .orElseGet(() -> views.bare(removal.before()));
            Map<UUID, Long> unread = snapshot.map(ConversationSnapshot::unreadCounts).orElse(Map.of());
            events.publish(new BusEvent.ConversationUpdated(conversation, unread, List.of(userId), List.of()));
        });
    }

    private static void telling(UUID conversationId, Runnable news) {
        try {
            news.run();
        } catch (RuntimeException e) {
            LOG.warn("telling members that conversation {} changed failed: {}", conversationId, e.toString());
        }
    }
}
